// Direct manipulation on the canvas, by mouse and keyboard, as n8n users expect it.
import type { Browser, Page } from "@playwright/test";
import { expect, pageAs, test, trpcMutation, type TestUser } from "./fixtures";
import {
  connect,
  cookieHeader,
  joinAsViewer,
  node,
  openFlow,
  openNewFlow,
  settings,
} from "./flows";

const nodes = (page: Page) => page.locator("[data-node-id]");
/** A canvas viewport's transform as numbers: x, y, zoom. */
const viewNumbers = (transform: string) => transform.match(/-?[\d.]+/g)!.map(Number);
const view = async (page: Page) =>
  viewNumbers(
    await page.evaluate(
      () => document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform,
    ),
  );
const edges = (page: Page) => page.locator(".react-flow__edge");

test("labelled branch handles; a connection dropped on empty canvas adds the picked block; a loop is refused with a message", async ({
  browser,
  users,
}) => {
  const { page } = await openNewFlow(browser, await users.create("Wirer"), "Wiring");
  await page.getByRole("button", { name: "Add Condition" }).click();
  await page.getByRole("button", { name: "Add Transform" }).click();
  await expect(nodes(page)).toHaveCount(2);

  const trueHandle = page.getByLabel("True output of Condition");
  await expect(trueHandle).toHaveText("true");
  await expect(page.getByLabel("False output of Condition")).toHaveText("false");
  expect((await trueHandle.boundingBox())!.width).toBeGreaterThanOrEqual(12);
  await expect(page.getByLabel("Error output of Transform")).toBeVisible();

  await connect(page, "True output of Condition", "Input of Transform");
  await expect(page.getByRole("group", { name: "Edge from condition to transform" })).toBeVisible();
  await expect(page.locator(".react-flow__edge-text", { hasText: "true" })).toBeVisible();

  // transform → condition would close a loop: refused, and said so.
  await connect(page, "Output of Transform", "Input of Condition");
  await expect(page.getByRole("status").filter({ hasText: "a flow cannot loop" })).toBeVisible();
  await expect(edges(page)).toHaveCount(1);

  // Drop the false route on empty canvas: the picker opens there; the picked block is connected.
  const canvas = (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
  const handle = (await page.getByLabel("False output of Condition").boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height - 150, { steps: 12 });
  await page.mouse.up();
  const picker = page.getByRole("dialog", { name: "Add a block" });
  await expect(picker).toBeVisible();
  await expect(picker.getByLabel("Search blocks to add")).toBeFocused();
  await page.keyboard.type("javas");
  await page.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  await expect(nodes(page)).toHaveCount(3);
  await expect(page.getByRole("group", { name: "Edge from condition to code" })).toBeVisible();
  await expect(page.locator(".react-flow__edge-text", { hasText: "false" })).toBeVisible();

  // A double-click on empty canvas opens it too; Escape closes it. So does Tab on the canvas.
  await page.mouse.dblclick(canvas.x + canvas.width - 120, canvas.y + 60);
  await expect(picker).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await page.mouse.click(canvas.x + canvas.width - 120, canvas.y + 60);
  await page.keyboard.press("Tab");
  await expect(picker).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(nodes(page)).toHaveCount(4);
});

test("paste without clipboard permission; undo of select-all + delete restores nodes and edges in one step", async ({
  browser,
  users,
}) => {
  const page = await openFlow(browser, await users.create("Paster"), "Clipboard", [
    node("first", "transform.jsonata", { expression: "1" }),
    node("second", "transform.jsonata", { expression: "2" }, 300),
  ]);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await expect(nodes(page)).toHaveCount(2);
  const canvas = (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
  await page.mouse.click(canvas.x + canvas.width - 60, canvas.y + canvas.height - 60);

  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("ControlOrMeta+c");
  await page.keyboard.press("ControlOrMeta+v");
  await expect(nodes(page)).toHaveCount(4);
  await expect(edges(page)).toHaveCount(2);
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.keyboard.press("ControlOrMeta+z");
  await expect(nodes(page)).toHaveCount(2);
  // Back where it was saved: nothing to save.
  await expect(page.getByText("Unsaved changes")).toBeHidden();

  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await expect(nodes(page)).toHaveCount(0);
  await expect(edges(page)).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(nodes(page)).toHaveCount(2);
  await expect(edges(page)).toHaveCount(1);
  await expect(page.getByText("Unsaved changes")).toBeHidden();
  expect(errors).toEqual([]);
});

test("nodes show their block, a summary of their config and problems in their name; auto-layout fits the view; dark mode reaches the minimap", async ({
  browser,
  users,
}) => {
  const user = await users.create("Reader");
  const page = await openFlow(browser, user, "Summaries", [
    node("fetch", "http.request", { method: "POST", url: "https://api.example.com/v1/items" }),
    node("total", "transform.jsonata", { expression: "$sum(input.body.items.price)" }, 300),
    node("broken", "http.request", { method: "GET", url: "" }, 600),
  ]);
  const fetch = page.getByLabel("HTTP request node fetch", { exact: true });
  await expect(fetch).toContainText("POST api.example.com");
  await expect(page.getByLabel("Transform node total")).toContainText(
    "$sum(input.body.items.price)",
  );
  await expect(page.getByLabel("HTTP request node broken, 1 problem")).toBeVisible();

  // Pan the nodes out of view (right-button drag), then lay them out: the view follows them.
  const box = (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
  for (let i = 0; i < 2; i++) {
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down({ button: "right" });
    await page.mouse.move(box.x + box.width - 250, box.y + box.height - 10, { steps: 8 });
    await page.mouse.up({ button: "right" });
  }
  await expect(page.locator('[data-node-id="broken"]')).toHaveCount(0);
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await expect(async () => {
    for (const id of ["fetch", "total", "broken"]) {
      const b = (await page.locator(`[data-node-id="${id}"]`).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(box.x);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
      expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height);
    }
  }).toPass();

  await expect(page.locator(".react-flow.dark")).toHaveCount(0);
  await page.evaluate(() => localStorage.setItem("weft-theme", "dark"));
  await page.reload();
  await expect(page.locator(".react-flow.dark")).toHaveCount(1);
  await expect(page.locator(".react-flow__minimap")).toBeVisible();
});

test("a viewer cannot drag nodes, not even on their own screen", async ({ browser, users }) => {
  const owner = await users.create("Owner");
  const ownerPage = await openFlow(browser, owner, "Fixed", [
    node("only", "transform.jsonata", { expression: "1" }),
  ]);
  const flowUrl = ownerPage.url();
  const viewer = await joinAsViewer(browser, ownerPage, await users.create("Viewer"));
  await viewer.goto(flowUrl);
  await expect(viewer.getByText("Read-only: you are a viewer")).toBeVisible();
  const target = viewer.locator('[data-node-id="only"]');
  const before = (await target.boundingBox())!;
  await viewer.mouse.move(before.x + 20, before.y + 10);
  await viewer.mouse.down();
  await viewer.mouse.move(before.x + 220, before.y + 160, { steps: 10 });
  await viewer.mouse.up();
  // The node's own position (0, 0) is where it was: panning may move the view, never the node.
  await expect(viewer.locator(".react-flow__node", { has: target })).toHaveAttribute(
    "style",
    /translate\(0px, 0px\)/,
  );
});

test("the canvas shows what starts the flow; a webhook for a flow without a body parameter offers to add it", async ({
  browser,
  users,
}) => {
  const user = await users.create("Starter");
  const { page, flow } = await openNewFlow(browser, user, "Triggered");
  const triggers = page.getByRole("navigation", { name: "Triggers" });
  await expect(triggers.getByRole("button", { name: "By hand or API" })).toBeVisible();

  const warning = page.getByRole("status").filter({ hasText: "no body parameter" });
  await expect(warning).toBeVisible();
  await warning.getByRole("button", { name: "Add body and query parameters" }).click();
  await expect(warning).toBeHidden();
  const settings = page.getByRole("group", { name: "Flow settings" });
  await expect(settings.getByLabel("Parameter 1 name")).toHaveValue("body");
  await expect(settings.getByLabel("Parameter 2 name")).toHaveValue("query");

  await page.getByLabel("Webhook name").fill("shop");
  await page.getByRole("button", { name: "Create webhook" }).click();
  const hookChip = triggers.getByRole("button", { name: "Webhook shop" });
  await expect(hookChip).toBeVisible();
  await page.getByLabel("Webhook name").focus();
  await page.getByLabel("Description").focus();
  await hookChip.click();
  await expect(page.getByLabel("Webhook name")).toBeFocused();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();

  const created = await trpcMutation(
    page.request,
    "schedule.create",
    {
      flowId: flow.id,
      kind: "CRON",
      cron: "0 9 * * 1-5",
      timezone: "America/New_York",
      parameters: {},
    },
    await cookieHeader(user),
  );
  expect(created.status(), await created.text()).toBe(200);
  await page.reload();
  const scheduleChip = triggers.getByRole("link", { name: /09:00.*America\/New_York/ });
  await expect(scheduleChip).toBeVisible();
  await scheduleChip.click();
  await expect(page).toHaveURL(new RegExp(`/schedules\\?flowId=${flow.id}`));
});

test("a large flow opens drawing only the nodes in view, and its edges meet their handles", async ({
  browser,
  users,
}) => {
  const user = await users.create("Planner");
  const page = await pageWatchingNodes(browser, user);
  const ids = Array.from({ length: 200 }, (_, i) => `n${i}`);
  await openFlow(
    browser,
    user,
    "Long line",
    ids.map((id, i) => node(id, "transform.jsonata", { expression: `${i}` }, i * 300)),
    [],
    page,
  );
  await expect(page.locator("[data-node-id]").first()).toBeVisible();
  const drawn = await page.locator("[data-node-id]").count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn).toBeLessThan(40);
  // Never more than that at once: the nodes out of view were not drawn to be measured first.
  expect(
    await page.evaluate(() => (window as unknown as { mostNodes: number }).mostNodes),
  ).toBeLessThan(60);
  // Drawn fitted from the start: the view did not move once the nodes were there.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  const first = viewNumbers(
    await page.evaluate(() => (window as unknown as { firstView: string }).firstView),
  );
  const settled = await view(page);
  expect(first).toHaveLength(3);
  first.forEach((value, i) => expect(value).toBeCloseTo(settled[i]!, 0));

  // Every edge drawn starts at its source's output handle and ends at its target's input handle
  // (where the drawn node has them, not where the estimate before drawing put them).
  const edgesMeetHandles = async () => {
    const gaps = await page.evaluate(() => {
      // React Flow joins an edge to the outer side of a handle.
      const side = (element: Element, right: boolean) => {
        const box = element.getBoundingClientRect();
        return { x: right ? box.right : box.left, y: box.y + box.height / 2 };
      };
      return [...document.querySelectorAll<SVGGElement>(".react-flow__edge")].flatMap((edge) => {
        const i = Number(edge.dataset.id?.slice(1));
        const source = document.querySelector(`.react-flow__node[data-id="n${i}"]`);
        const target = document.querySelector(`.react-flow__node[data-id="n${i + 1}"]`);
        const path = edge.querySelector<SVGPathElement>("path.react-flow__edge-path");
        if (!source || !target || !path) return [];
        const matrix = path.getScreenCTM()!;
        const at = (length: number) => {
          const point = path.getPointAtLength(length).matrixTransform(matrix);
          return { x: point.x, y: point.y };
        };
        const out = side(source.querySelector(".react-flow__handle-right")!, true);
        const into = side(target.querySelector(".react-flow__handle-left")!, false);
        const start = at(0);
        const end = at(path.getTotalLength());
        return [
          Math.hypot(start.x - out.x, start.y - out.y),
          Math.hypot(end.x - into.x, end.y - into.y),
        ];
      });
    });
    expect(gaps.length).toBeGreaterThan(4);
    for (const gap of gaps) expect(gap).toBeLessThan(1);
  };
  await expect(edgesMeetHandles).toPass();
  // Still so once a drawn node changes (selected, then moved by the keyboard).
  const picked = page.locator("[data-node-id]").nth(2);
  await picked.click();
  await page.keyboard.press("ArrowDown");
  await expect(edgesMeetHandles).toPass();
});

test("zoomed out, block nodes show their names only, and the view is drawn again after a zoom", async ({
  browser,
  users,
}) => {
  const user = await users.create("Surveyor");
  const ids = Array.from({ length: 60 }, (_, i) => `n${i}`);
  const page = await openFlow(
    browser,
    user,
    "Wide line",
    ids.map((id, i) => node(id, "transform.jsonata", { expression: `${i}` }, i * 300)),
  );
  const canvas = page.getByRole("region", { name: "Flow canvas" });
  const drawn = page.locator("[data-node-id]").first();
  await expect(drawn).toBeVisible();
  const id = (await drawn.getAttribute("data-node-id"))!;
  const first = page.locator(`[data-node-id="${id}"]`);
  const zoom = async () => (await view(page))[2]!;
  const layered = () =>
    page.evaluate(
      () => getComputedStyle(document.querySelector(".react-flow__viewport")!).willChange,
    );

  // Opened zoomed out to fit the line: the name, not the block's label, summary or handles.
  await expect(first.getByText(id, { exact: true })).toBeVisible();
  expect(await zoom()).toBeLessThan(0.6);
  await expect(canvas).toHaveAttribute("data-far", "");
  await expect(first.getByText("Transform")).toBeHidden();
  await expect(first.locator(".react-flow__handle-left")).toBeHidden();
  await expect(first).toHaveAccessibleName(new RegExp(`node ${id}$`));
  await expect(page.locator(".react-flow__background")).toHaveCount(0);
  expect(await layered()).toBe("auto");

  // A pan makes the view one layer, and it stays one between pans.
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  await page.mouse.down({ button: "middle" });
  await page.mouse.move(pane.x + pane.width / 2 + 120, pane.y + pane.height / 2, { steps: 5 });
  await page.mouse.up({ button: "middle" });
  await expect(canvas).toHaveAttribute("data-layer", "");
  expect(await layered()).toBe("transform");

  // Zoomed in: every line and handle again, and the layer dropped so the text is drawn sharp.
  const zoomIn = page.getByRole("button", { name: "Zoom In" });
  while ((await zoom()) < 0.6) {
    const before = await zoom();
    await zoomIn.click();
    await expect.poll(zoom).toBeGreaterThan(before);
  }
  await expect(canvas).not.toHaveAttribute("data-far");
  await expect(canvas).not.toHaveAttribute("data-layer");
  expect(await layered()).toBe("auto");
  await expect(page.locator(".react-flow__background")).toHaveCount(1);
  const shown = page.locator("[data-node-id]").first();
  await expect(shown.locator("p").first()).toBeVisible();
  await expect(shown.locator(".react-flow__handle-left")).toBeVisible();
});

test("a long list of problems shows errors first and the rest on demand", async ({
  browser,
  users,
}) => {
  const ids = Array.from({ length: 60 }, (_, i) => `n${i}`);
  const page = await openFlow(
    browser,
    await users.create("Drafter"),
    "Sixty drafts",
    ids.map((id, i) => node(id, "transform.jsonata", { expression: "" }, i * 250)),
  );
  const panel = page.getByRole("region", { name: "Problems" });
  const rows = panel.getByRole("listitem");
  await expect(panel.getByRole("heading")).toContainText("(60)");
  await expect(rows).toHaveCount(50);
  await panel.getByRole("button", { name: "Show all 60 problems" }).click();
  await expect(rows).toHaveCount(60);
  await expect(panel.getByRole("button", { name: /^Show all/ })).toHaveCount(0);

  // The last problem leads to its node, drawn far off screen until then, selected and in view;
  // broken JSONata there is an error, listed before the warnings.
  await rows.last().getByRole("button").click();
  await expect(page.locator('[data-node-id="n59"]')).toBeInViewport();
  const expression = settings(page, "n59").getByLabel(/^Expression/);
  await expression.click();
  await page.keyboard.type("1 +");
  await expect(expression).toHaveText("1 +");
  await expect(rows.first()).toContainText(/^Error: Expression: /);
  await expect(rows).toHaveCount(60);
  await expect(rows.nth(1)).toContainText("Warning: Expression is required");
});

/** A page that records the most block nodes the canvas ever had in the DOM at once. */
async function pageWatchingNodes(browser: Browser, user: TestUser) {
  const page = await pageAs(browser, user);
  await page.addInitScript(() => {
    const state = window as unknown as { mostNodes: number; firstView?: string };
    state.mostNodes = 0;
    new MutationObserver(() => {
      const drawn = document.querySelectorAll("[data-node-id]").length;
      state.mostNodes = Math.max(state.mostNodes, drawn);
      // The view when the first nodes were drawn.
      state.firstView ??= drawn
        ? document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform
        : undefined;
    }).observe(document, { childList: true, subtree: true });
  });
  return page;
}
