import { expect, pageAs, test } from "./fixtures";

test("the sidebar links every section and marks the current one", async ({ browser, users }) => {
  const page = await pageAs(browser, await users.create("Nav"));
  await page.goto("/flows");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const section of ["Runs", "Schedules", "Secrets", "Team", "Flows"]) {
    await nav.getByRole("link", { name: section }).click();
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: section })).toHaveAttribute("aria-current", "page");
  }
});

test("dark mode is chosen in the shell and survives a reload", async ({ browser, users }) => {
  const page = await pageAs(browser, await users.create("Dark"));
  await page.goto("/flows");
  await page.getByLabel("Colour theme").selectOption("dark");
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page.getByLabel("Colour theme")).toHaveValue("dark");
  await page.getByLabel("Colour theme").selectOption("light");
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});
