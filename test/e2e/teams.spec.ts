import type { Page } from "@playwright/test";
import { expect, pageAs, sessionCookie, test, trpcMutation } from "./fixtures";

test("an owner creates a team and invites a second person, who joins by the link as a viewer", async ({
  browser,
  users,
  playwright,
}) => {
  const owner = await users.create("Olive");
  const guest = await users.create("Gus");
  const ownerPage = await pageAs(browser, owner);

  await ownerPage.goto("/flows");
  await ownerPage.getByRole("link", { name: "+ New team" }).click();
  await ownerPage.getByLabel("Team name").fill("Data Platform");
  await ownerPage.getByRole("button", { name: "Create team" }).click();
  await expect(ownerPage.getByRole("heading", { name: "Team", exact: true })).toBeVisible();
  await expect(ownerPage.getByLabel("Current team").locator("option:checked")).toHaveText(
    "Data Platform",
  );

  await ownerPage.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const link = await ownerPage.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(ownerPage.getByRole("region", { name: "Open invitations" })).toContainText("Viewer");

  const guestPage = await pageAs(browser, guest);
  await guestPage.goto(link);
  await expect(
    guestPage.getByText("Olive invited you to join Data Platform as viewer."),
  ).toBeVisible();
  await guestPage.getByRole("button", { name: "Join Data Platform" }).click();
  await expect(guestPage.getByLabel("Current team").locator("option:checked")).toHaveText(
    "Data Platform",
  );

  // A viewer sees the team but none of the owner's controls.
  await expect(guestPage.getByRole("row", { name: owner.email })).toBeVisible();
  await expect(guestPage.getByLabel("Name", { exact: true })).toHaveAttribute("readonly", "");
  await expect(guestPage.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await expect(guestPage.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);
  await expect(guestPage.locator('[data-role="VIEWER"]').first()).toBeVisible();

  // ...and the API refuses what the UI hides.
  const guestApi = await playwright.request.newContext({
    baseURL: ownerPage.url().replace(/\/team.*$/, ""),
  });
  const cookie = await sessionCookie(guest);
  const rename = await trpcMutation(
    guestApi,
    "team.rename",
    { name: "Mine" },
    { cookie: `${cookie.name}=${cookie.value}; ${await teamCookieOf(guestPage)}` },
  );
  expect(rename.status()).toBe(403);
  expect((await rename.json()).error.json.message).toBe("This needs the owner role");

  // A used link does not work twice.
  const third = await users.create("Thea");
  const thirdPage = await pageAs(browser, third);
  await thirdPage.goto(link);
  await expect(
    thirdPage.getByRole("alert").filter({ hasText: "This invitation has already been used" }),
  ).toBeVisible();
  await expect(thirdPage.getByRole("button", { name: /Join/ })).toHaveCount(0);

  // The owner sees the new member and can promote them.
  await ownerPage.reload();
  const roleSelect = ownerPage.getByLabel(`Role of ${guest.email}`);
  await expect(roleSelect).toHaveValue("VIEWER");
  await roleSelect.selectOption("EDITOR");
  // The change is saved asynchronously: reload until the guest's shell shows it.
  await expect(async () => {
    await guestPage.reload();
    await expect(guestPage.getByText("Your role:").locator('[data-role="EDITOR"]')).toBeVisible({
      timeout: 1000,
    });
  }).toPass();
});

async function teamCookieOf(page: Page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === "weft-team");
  return cookie ? `weft-team=${cookie.value}` : "";
}

test("a member removed by the owner loses the team and the team page reflects it", async ({
  browser,
  users,
}) => {
  const owner = await users.create("Rita");
  const member = await users.create("Max");
  const ownerPage = await pageAs(browser, owner);
  await ownerPage.goto("/team");
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const link = await ownerPage.getByLabel("Invitation link").inputValue();
  const memberPage = await pageAs(browser, member);
  await memberPage.goto(link);
  await memberPage.getByRole("button", { name: /Join/ }).click();
  await expect(memberPage.getByLabel("Current team").locator("option:checked")).toHaveText(
    "Rita's team",
  );

  await ownerPage.reload();
  ownerPage.once("dialog", (dialog) => void dialog.accept());
  await ownerPage.getByRole("button", { name: `Remove ${member.email}` }).click();
  await expect(ownerPage.getByRole("row", { name: member.email })).toHaveCount(0);

  await memberPage.reload();
  await expect(memberPage.getByLabel("Current team").locator("option:checked")).toHaveText(
    "Max's team",
  );
  await expect(memberPage.getByLabel("Current team").locator("option")).toHaveCount(1);
});

test("an invitation link tells a newcomer who invites them to which team, and as what, before they sign up", async ({
  browser,
  users,
}) => {
  const owner = await users.create("Iris");
  const ownerPage = await pageAs(browser, owner);
  await ownerPage.goto("/team");
  await ownerPage.getByLabel("Role", { exact: true }).selectOption("EDITOR");
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const link = await ownerPage.getByLabel("Invitation link").inputValue();

  const newcomer = await (await browser.newContext()).newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByText("Iris invited you to join Iris's team as editor.")).toBeVisible();
  await newcomer.getByRole("link", { name: "Create an account to join" }).click();
  await newcomer.getByLabel("Name").fill("Nora");
  await newcomer.getByLabel("Email").fill(`nora-${Date.now()}@example.test`);
  await newcomer.getByLabel("Password").fill("a long password");
  await newcomer.getByRole("button", { name: "Create account" }).click();
  // Back on the invitation, signed in: one click joins.
  await newcomer.getByRole("button", { name: "Join Iris's team" }).click();
  await expect(newcomer.getByLabel("Current team").locator("option:checked")).toHaveText(
    "Iris's team",
  );

  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(link.replace(/[A-Za-z0-9_-]{43}$/, "x".repeat(43)));
  await expect(stranger.getByText("This invitation link is not valid")).toBeVisible();
});
