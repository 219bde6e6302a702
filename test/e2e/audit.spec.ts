import { readFile } from "node:fs/promises";
import { expect, pageAs, test, trpcMutation } from "./fixtures";

test("an owner reads the audit log, filters it and exports it; a viewer cannot open it", async ({
  browser,
  users,
}) => {
  const owner = await users.create("Olga");
  const page = await pageAs(browser, owner);
  const created = await trpcMutation(page.request, "flow.create", { name: "Ledger" });
  const flowId = (await created.json()).result.data.json.id as string;
  await trpcMutation(page.request, "secret.set", { name: "LEDGER_KEY", value: "v-secret-1" });
  const invite = await trpcMutation(page.request, "invitation.create", {
    role: "VIEWER",
    expiresInDays: 1,
  });
  const { token } = (await invite.json()).result.data.json as { token: string };
  const viewer = await users.create("Victor");
  const viewerPage = await pageAs(browser, viewer);
  await trpcMutation(viewerPage.request, "invitation.accept", { token });

  await page.goto("/audit");
  await page.getByRole("link", { name: "Audit log" }).first().waitFor();
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.locator("tbody tr")).toHaveCount(4);
  await expect(log.locator("tbody tr").first()).toContainText("team.join");
  await expect(log.locator("tbody tr").first()).toContainText("Victor");
  await expect(log).not.toContainText("v-secret-1");
  await expect(log.locator('tr[data-action="secret.set"]')).toContainText("name: LEDGER_KEY");

  // Filters live in the address.
  await page.getByLabel("What").selectOption("flow");
  await expect(page).toHaveURL(/area=flow/);
  await expect(log.locator("tbody tr")).toHaveCount(1);
  await expect(log.locator('tr[data-action="flow.create"]')).toContainText("Ledger");
  await page.getByLabel("What").selectOption("");
  await page.getByLabel("Who").selectOption({ label: "Victor" });
  await expect(log.locator("tbody tr")).toHaveCount(1);
  await page.getByLabel("Who").selectOption("");
  await page.getByLabel("Flow").selectOption({ label: "Ledger" });
  await expect(log.locator("tbody tr")).toHaveCount(1);
  expect(flowId).toBeTruthy();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const csv = await readFile(file, "utf8");
  expect(csv.split("\r\n")[0]).toBe('"time","actor","source","action","flow","details"');
  expect(csv).toContain('"Olga","UI","flow.create","Ledger"');

  await viewerPage.goto("/audit");
  await expect(viewerPage.getByText("Owners read the audit log")).toBeVisible();
  await expect(viewerPage.getByRole("table", { name: "Audit log" })).toHaveCount(0);
  await expect(viewerPage.getByRole("link", { name: "Audit log" })).toHaveCount(0);
});
