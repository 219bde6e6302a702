// axe-core on every page, light and dark: no serious or critical accessibility violations.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, pageAs, test } from "./fixtures";
import { APP_PAGES, node, openFlow } from "./flows";

async function violations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

for (const theme of ["light", "dark"] as const) {
  test(`no serious accessibility violations on any page (${theme})`, async ({ browser, users }) => {
    test.setTimeout(120_000);
    const user = await users.create("Axe");
    const editor = await openFlow(browser, user, "Audited", [
      node("fetch", "code.javascript", { code: "return [1, 2, 3]" }),
      node("check", "logic.condition", { expression: "true" }, 250),
    ]);
    const flowUrl = editor.url();
    await editor.getByRole("button", { name: "Run", exact: true }).click();
    await expect(editor.locator("header [data-status]")).toHaveAttribute(
      "data-status",
      "COMPLETED",
    );
    const runUrl = editor.url();

    const page = await pageAs(browser, user);
    await page.addInitScript((value) => localStorage.setItem("weft-theme", value), theme);
    const found: Record<string, string[]> = {};
    const visit = async (target: Page, path: string, ready: (p: Page) => Promise<void>) => {
      await target.goto(path);
      await ready(target);
      const list = await violations(target);
      if (list.length) found[path] = list;
    };
    const heading = async (p: Page) => {
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    };
    for (const path of [...APP_PAGES, "/flows/templates"]) await visit(page, path, heading);
    await visit(page, runUrl, async (p) => {
      await expect(p.locator('[data-node-id="check"]')).toHaveAttribute("data-status", "COMPLETED");
    });
    await visit(page, flowUrl, async (p) => {
      await expect(p.locator('[data-node-id="check"]')).toBeVisible();
    });
    const anonymous = await (await browser.newContext()).newPage();
    await anonymous.addInitScript((value) => localStorage.setItem("weft-theme", value), theme);
    for (const path of [
      "/sign-in",
      "/sign-up",
      "/invite/not-a-real-token-but-long-enough-to-look-like-one",
    ])
      await visit(anonymous, path, async (p) => {
        await expect(p.getByRole("heading").first()).toBeVisible();
      });
    expect(found).toEqual({});
  });
}
