// Every page at a desktop, a small laptop and a phone: screenshots in the report, and what must
// stay reachable at each size.
import type { Page } from "@playwright/test";
import { expect, pageAs, test } from "./fixtures";
import { APP_PAGES, node, openFlow } from "./flows";

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "laptop", width: 1024, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function shoot(page: Page, name: string) {
  const path = test.info().outputPath(`${name.replace(/\W+/g, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(name, { path, contentType: "image/png" });
}

/** The page does not scroll sideways: nothing is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(width);
}

test("every page at three screen sizes", async ({ browser, users }) => {
  test.setTimeout(120_000);
  const user = await users.create("Screens");
  const editor = await openFlow(browser, user, "Screens", [
    node("fetch", "code.javascript", { code: "return [1, 2, 3]" }),
    node("check", "logic.condition", { expression: "true" }, 250),
    node("total", "transform.jsonata", { expression: "$sum(nodes.fetch.output)" }, 500),
  ]);
  const flowUrl = editor.url();
  await editor.getByRole("button", { name: "Run", exact: true }).click();
  await expect(editor.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  const runUrl = editor.url();

  for (const size of SIZES) {
    const page = await pageAs(browser, user);
    await page.setViewportSize(size);
    for (const path of APP_PAGES) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await shoot(page, `${size.name} ${path}`);
    }
    await page.goto(runUrl);
    await expect(page.locator('[data-node-id="total"]')).toBeVisible();
    await shoot(page, `${size.name} run`);
    await page.goto(flowUrl);
    await expect(page.getByRole("region", { name: "Flow canvas" })).toBeVisible();
    await shoot(page, `${size.name} editor`);
    if (size.name === "phone") {
      await expect(page.getByText("Editing needs a larger screen")).toBeVisible();
      await expect(page.getByRole("complementary", { name: "Blocks" })).toHaveCount(0);
    } else {
      await expect(page.getByRole("button", { name: "Save" })).toBeInViewport();
      await expect(page.getByRole("button", { name: "Run", exact: true })).toBeInViewport();
      await expect(page.getByRole("button", { name: "History" })).toBeInViewport();
    }
    await page.close();
  }
});

test("on a phone the sidebar folds into a menu", async ({ browser, users }) => {
  const page = await pageAs(browser, await users.create("Phone"));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/flows");
  const main = page.getByRole("navigation", { name: "Main" });
  await expect(main).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(main).toBeVisible();
  await main.getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(main).toBeHidden();
  await expectNoSidewaysScroll(page);
});
