import { expect, test } from "./fixtures";

test("a new person signs up, lands in their personal team, signs out and back in", async ({
  page,
}) => {
  await page.goto("/flows");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fflows/);
  await page.getByRole("link", { name: "Create an account" }).click();

  const email = `ada-${Date.now()}@example.test`;
  await page.getByLabel("Name").fill("Ada");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("analytical engine");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Flows" })).toBeVisible();
  await expect(page.getByLabel("Current team")).toHaveValue(/.+/);
  await expect(page.getByLabel("Current team").locator("option:checked")).toHaveText("Ada's team");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Wrong email or password" }),
  ).toBeVisible();
  await page.getByLabel("Password").fill("analytical engine");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Flows" })).toBeVisible();
});

test("signing up with a registered email reveals nothing: it asks to sign in with that account's password", async ({
  page,
  users,
}) => {
  const existing = await users.create("Twin");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Twin again");
  await page.getByLabel("Email").fill(existing.email);
  await page.getByLabel("Password").fill("another password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(
    page.getByText("If this email already has an account, sign in with its password instead."),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});
