import { expect, pageAs, test } from "./fixtures";

test("an empty team starts from a template: previewed on a read-only canvas, created in one click, run to the end", async ({
  browser,
  users,
}) => {
  const page = await pageAs(browser, await users.create("Newbie"));
  await page.goto("/flows");
  await page.getByRole("link", { name: "Start from a template" }).click();
  await expect(page.getByRole("heading", { name: "Templates" })).toBeVisible();
  const cards = page.getByRole("listitem");
  await expect(cards).toHaveCount(6);
  const card = page.getByRole("listitem", { name: "For each item, a subflow" });
  const preview = card.getByRole("group", { name: "Preview of For each item, a subflow" });
  await expect(preview.locator("[data-node-id]")).toHaveCount(2);
  await expect(card).toContainText("Blocks: Subflow, Transform");

  await card.getByRole("button", { name: "Use For each item, a subflow" }).click();
  await expect(page).toHaveURL(/\/flows\/(?!templates)\w+$/);
  await expect(page.getByRole("region", { name: "Flow canvas" })).toBeVisible();
  await expect(page.locator("[data-node-id]")).toHaveCount(2);
  await expect(page.getByRole("heading", { name: "Problems (0)" })).toBeVisible();
  await expect(page.getByText("No problems.")).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Run parameters" })
    .getByRole("button", { name: "Start run" })
    .click();
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 20_000,
  });

  // The helper flow came with it.
  await page.goto("/flows");
  await expect(page.getByRole("link", { name: "Process one item" })).toBeVisible();
});
