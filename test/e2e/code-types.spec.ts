import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { banner, node, openFlow, settings, testing } from "./flows";

const problems = (page: Page) => page.getByRole("region", { name: "Problems" });

test("a TypeScript code node is typed by the flow: completions, hover types and type errors as warnings", async ({
  browser,
  users,
}) => {
  const page = await openFlow(browser, await users.create("Typer"), "Typed", [
    node("fetch", "code.javascript", { code: "return {}" }),
    node("use", "code.javascript", { code: "return input", language: "typescript" }, 250),
  ]);
  // The upstream node's shape comes from pinned data (a run's output would do the same).
  await page.locator('[data-node-id="fetch"]').click();
  await testing(page)
    .getByLabel("Pin data (JSON)")
    .fill('{ "items": [{ "id": 7, "title": "a" }], "total": 1 }');
  await testing(page).getByRole("button", { name: "Pin data" }).click();
  await expect(page.locator('[data-node-id="fetch"]')).toHaveAttribute("data-pinned", "true");

  await page.locator('[data-node-id="use"]').click();
  const code = settings(page, "use").getByLabel(/^Code/);
  await code.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("const items = nodes.fetch.output.");
  // The type checker's members, with the sample's types.
  const options = page.getByRole("listbox").getByRole("option");
  await expect(options).toHaveText([/^items\s*array\[1\]$/, /^total\s*number$/]);
  await options.filter({ hasText: "items" }).click();
  await page.keyboard.type(";\nreturn items[0].titel;");
  await expect(code).toHaveText("const items = nodes.fetch.output.items;return items[0].titel;");

  // A type error: underlined in the code, a warning on the Problems panel and the node.
  await expect(settings(page, "use").locator(".cm-lintRange-warning")).toHaveText("titel");
  await expect(problems(page)).toContainText(
    /Warning: Code, line 2:17: Property 'titel' does not exist on type .*Did you mean 'title'\?/,
  );
  await expect(page.locator('[data-node-id="use"]')).toHaveAttribute("data-problems", "1");

  // The type of what is under the pointer.
  await settings(page, "use").getByText("items", { exact: true }).first().hover();
  const tooltip = settings(page, "use").getByRole("tooltip");
  await expect(tooltip).toContainText("const items: {");
  await expect(tooltip).toContainText("title: string;");

  // A type error is a warning, not a failure: the draft still runs.
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(banner(page).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");

  // Fixed, the warning goes.
  await code.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("tle;");
  await expect(page.locator('[data-node-id="use"]')).toHaveAttribute("data-problems", "0");
  await expect(settings(page, "use").locator(".cm-lintRange-warning")).toHaveCount(0);
});
