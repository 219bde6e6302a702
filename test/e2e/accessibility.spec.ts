// Keyboard use of the editor: focus goes where people expect it and never gets stuck.
import { expect, test } from "./fixtures";
import { node, openFlow } from "./flows";

test("Tab leaves a code field; the run dialog takes focus, keeps it, and gives it back", async ({
  browser,
  users,
}) => {
  const page = await openFlow(
    browser,
    await users.create("Keys"),
    "Keyboard",
    [node("calc", "code.javascript", { code: "return 1" })],
    [{ name: "n", type: "number", default: 4, required: true, description: "" }],
  );
  await page.locator('[data-node-id="calc"]').click();
  const code = page.getByRole("form", { name: "Settings of calc" }).getByLabel(/^Code/);
  await code.click();
  await page.keyboard.press("End");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(code).not.toBeFocused();
  await expect(code).toHaveText("return 1");

  const run = page.getByRole("button", { name: "Run", exact: true });
  await run.click();
  const dialog = page.getByRole("dialog", { name: "Run parameters" });
  await expect(dialog.getByLabel(/^n/)).toBeFocused();
  // Tab cycles through the dialog's three controls and stays inside it.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((box) => box.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Shift+Tab");
  expect(await dialog.evaluate((box) => box.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(run).toBeFocused();
});
