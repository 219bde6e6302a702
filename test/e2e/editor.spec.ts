import { readFile } from "node:fs/promises";
import { expect, pageAs, sessionCookie, test, trpcMutation } from "./fixtures";
import {
  connect,
  cookieHeader,
  flowIdOf,
  joinAsViewer,
  node,
  openFlow,
  openNewFlow,
  savedDocument,
} from "./flows";

test("compose a flow: drag two blocks, connect, configure, save, reload and see the same flow", async ({
  browser,
  users,
}) => {
  const page = await pageAs(browser, await users.create("Composer"));
  await page.goto("/flows");
  await page.getByLabel("New flow name").fill("Daily ETL");
  await page.getByRole("button", { name: "Create flow" }).click();
  const canvas = page.getByRole("region", { name: "Flow canvas" });
  await expect(canvas).toBeVisible();

  await page
    .getByRole("button", { name: "Add HTTP request" })
    .dragTo(canvas, { targetPosition: { x: 150, y: 150 } });
  await page
    .getByRole("button", { name: "Add Transform" })
    .dragTo(canvas, { targetPosition: { x: 550, y: 300 } });
  await expect(page.locator("[data-node-id]")).toHaveCount(2);
  await expect(page.getByText("Unsaved changes")).toBeVisible();

  await connect(page, "Output of HTTP request", "Input of Transform");
  await expect(
    page.getByRole("group", { name: "Edge from http_request to transform" }),
  ).toBeVisible();

  await page.getByLabel("HTTP request node HTTP request").click();
  await page.getByRole("combobox", { name: /^URL/ }).fill("https://api.example.test/items");
  await expect(page.locator('[data-node-id="http_request"]')).toHaveAttribute("data-problems", "0");

  await page.keyboard.press("Control+s");
  await expect(page.getByText("Version 2")).toBeVisible();
  await expect(page.getByText("Unsaved changes")).toHaveCount(0);

  await page.reload();
  await expect(page.locator("[data-node-id]")).toHaveCount(2);
  await expect(
    page.getByRole("group", { name: "Edge from http_request to transform" }),
  ).toBeVisible();
  const document = await savedDocument(page, flowIdOf(page));
  expect(document.nodes.map((n: { id: string }) => n.id)).toEqual(["http_request", "transform"]);
  expect(document.nodes[0].config).toMatchObject({
    method: "GET",
    url: "https://api.example.test/items",
  });
  expect(document.edges).toEqual([
    {
      id: "e_http_request_transform",
      source: "http_request",
      target: "transform",
      sourceHandle: null,
    },
  ]);
});

test("undo and redo every edit; a connection that would make a cycle is refused", async ({
  browser,
  users,
}) => {
  const user = await users.create("Undoer");
  const page = await pageAs(browser, user);
  const flow = await (
    await trpcMutation(page.request, "flow.create", { name: "Loops" }, await cookieHeader(user))
  ).json();
  await page.goto(`/flows/${flow.result.data.json.id}`);
  await page.getByRole("button", { name: "Add Transform" }).click();
  await page.getByRole("button", { name: "Add Code" }).click();
  await expect(page.locator("[data-node-id]")).toHaveCount(2);
  await connect(page, "Output of Transform", "Input of Code");
  const edge = page.getByRole("group", { name: "Edge from transform to code" });
  await expect(edge).toHaveCount(1);

  await connect(page, "Output of Code", "Input of Transform");
  await expect(page.getByRole("group", { name: "Edge from code to transform" })).toHaveCount(0);

  await page.getByRole("button", { name: "Undo" }).click();
  await expect(edge).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(page.locator("[data-node-id]")).toHaveCount(1);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator("[data-node-id]")).toHaveCount(2);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(edge).toHaveCount(1);
});

test("export then import gives an equal document; a bad import points at the field", async ({
  browser,
  users,
}) => {
  const page = await pageAs(browser, await users.create("Porter"));
  await page.goto("/flows");
  await page.getByLabel("New flow name").fill("Exported");
  await page.getByRole("button", { name: "Create flow" }).click();
  await page.getByRole("button", { name: "Add Condition" }).click();
  await page
    .getByRole("form", { name: "Settings of Condition" })
    .getByLabel(/^Condition/)
    .fill("{{ params.go }}");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitem", { name: /Flow document \(JSON\)/ }).click();
  expect((await download).suggestedFilename()).toBe("exported.flow.json");
  const exported = JSON.parse(await readFile((await (await download).path())!, "utf8"));
  expect(Object.keys(exported)[0]).toBe("schemaVersion");

  // By keyboard: the second item is the flow as a TypeScript Inngest function.
  const typescript = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu", { name: "Export" })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  expect((await typescript).suggestedFilename()).toBe("exported.ts");
  const module = await readFile((await (await typescript).path())!, "utf8");
  expect(module).toContain("export const exported = inngest.createFunction(");
  expect(module).toContain('condition("(params.go)"');
  await expect(page.getByRole("menu", { name: "Export" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Export" })).toBeFocused();
  expect(exported.nodes[0]).toMatchObject({
    block: "logic.condition",
    config: { expression: "{{ params.go }}" },
  });

  await page.goto("/flows");
  await page.getByRole("button", { name: "Import flow" }).click();
  await page
    .getByLabel("Flow document (JSON)")
    .fill(JSON.stringify({ ...exported, nodes: [{ ...exported.nodes[0], block: "no.such" }] }));
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: 'nodes[0].block: Unknown block "no.such"' }),
  ).toBeVisible();

  await page.getByLabel("Flow document (JSON)").fill(JSON.stringify(exported));
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("region", { name: "Flow canvas" })).toBeVisible();
  expect(await savedDocument(page, flowIdOf(page))).toEqual(exported);
});

test("a viewer gets a read-only canvas", async ({ browser, users }) => {
  const owner = await users.create("Owner");
  const ownerPage = await pageAs(browser, owner);
  const flow = (
    await (
      await trpcMutation(
        ownerPage.request,
        "flow.create",
        { name: "Look only" },
        await cookieHeader(owner),
      )
    ).json()
  ).result.data.json;
  const viewer = await joinAsViewer(browser, ownerPage, await users.create("Viewer"));

  await viewer.goto(`/flows/${flow.id}`);
  await expect(viewer.getByText("Read-only: you are a viewer")).toBeVisible();
  await expect(viewer.getByRole("complementary", { name: "Blocks" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Save" })).toHaveCount(0);
  await viewer.goto("/flows");
  await expect(viewer.getByRole("link", { name: "Look only" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create flow" })).toHaveCount(0);
});

test("flow settings: parameters, the time limit and sticky notes are saved in the document", async ({
  browser,
  users,
}) => {
  const { page, flow } = await openNewFlow(browser, await users.create("Planner"), "With params");
  const settings = page.getByRole("group", { name: "Flow settings" });
  await settings.getByRole("button", { name: "Add parameter" }).click();
  await settings.getByLabel("Parameter 1 name").fill("date");
  await settings.getByLabel("Parameter 1 default").fill("2026-01-01");
  await settings.getByLabel("Give up after (minutes)").fill("90");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByLabel("Note text").fill("Runs every morning");
  await expect(page.getByLabel("Sticky note")).toHaveText("Runs every morning");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  const document = await savedDocument(page, flow.id);
  expect(document.parameters).toEqual([
    { name: "date", type: "string", default: "2026-01-01", required: false, description: "" },
  ]);
  expect(document.notes).toMatchObject([{ id: "note", text: "Runs every morning" }]);
  expect(document.giveUpAfterSeconds).toBe(5400);
});

test("copy nodes from one flow and paste them into another; auto-layout; the shortcuts overlay", async ({
  browser,
  users,
}) => {
  const user = await users.create("Copier");
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  await context.addCookies([await sessionCookie(user)]);
  const page = await context.newPage();
  const headers = await cookieHeader(user);
  const source = (
    await (await trpcMutation(page.request, "flow.create", { name: "Source" }, headers)).json()
  ).result.data.json;
  const target = (
    await (await trpcMutation(page.request, "flow.create", { name: "Target" }, headers)).json()
  ).result.data.json;

  await page.goto(`/flows/${source.id}`);
  await page.getByRole("button", { name: "Add Transform" }).click();
  await page.getByRole("button", { name: "Add Delay" }).click();
  await connect(page, "Output of Transform", "Input of Delay");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  await page.getByRole("region", { name: "Flow canvas" }).click({ position: { x: 600, y: 500 } });
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+c");

  await page.goto(`/flows/${target.id}`);
  await page.getByRole("button", { name: "Add Transform" }).click();
  await page.getByRole("region", { name: "Flow canvas" }).click({ position: { x: 600, y: 500 } });
  await page.keyboard.press("Control+v");
  await expect(page.locator("[data-node-id]")).toHaveCount(3);
  await expect(page.getByRole("group", { name: "Edge from transform_2 to delay" })).toHaveCount(1);

  await page.getByRole("button", { name: "Auto-layout" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  const document = await savedDocument(page, target.id);
  const position = (id: string) => document.nodes.find((n: { id: string }) => n.id === id).position;
  expect(position("delay").x).toBeGreaterThan(position("transform_2").x);

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText(
    "Ctrl+C / Ctrl+V",
  );
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
  await context.close();
});

test("node cache settings are saved; leaving with unsaved changes asks first", async ({
  browser,
  users,
}) => {
  const { page, flow } = await openNewFlow(browser, await users.create("Cacher"), "Cached");
  await page.getByRole("button", { name: "Add Transform" }).click();
  await page.getByLabel("Cache key (expression; empty = no cache)").fill("{{ params.date }}");
  await page.getByLabel("Cache lifetime (seconds)").fill("600");

  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Flows" }).click();
  await expect.poll(() => asked).toBe("Leave without saving your changes?");
  await expect(page).toHaveURL(new RegExp(`/flows/${flow.id}$`));

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  const document = await savedDocument(page, flow.id);
  expect(document.nodes[0].cache).toEqual({ key: "{{ params.date }}", ttlSeconds: 600 });
});

test("versions carry a message; any two versions compare field by field, removed nodes drawn as ghosts", async ({
  browser,
  users,
}) => {
  const { page } = await openNewFlow(browser, await users.create("Differ"), "Diffed");
  await page.getByRole("button", { name: "Add Transform" }).click();
  await page.getByRole("button", { name: "Add Code" }).click();
  await page.getByLabel("Version message").fill("First draft");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  await expect(page.getByLabel("Version message")).toHaveCount(0);

  await page.getByRole("button", { name: "Add Delay" }).click();
  await page.getByLabel("Transform node Transform").click();
  await page.getByLabel("Name", { exact: true }).fill("Reshape");
  await page.getByLabel("Code node Code").click();
  await page.keyboard.press("Delete");
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await page.getByLabel("Version message").fill("Reshape, wait, no more code");
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.getByText("Version 3")).toBeVisible();

  await page.getByRole("button", { name: "History" }).click();
  await expect(page.getByRole("listitem", { name: "Version 3" })).toContainText(
    "Reshape, wait, no more code",
  );
  await expect(page.getByRole("listitem", { name: "Version 2" })).toContainText("First draft");

  // Version 2 against the canvas.
  await page
    .getByRole("listitem", { name: "Version 2" })
    .getByRole("button", { name: "Compare" })
    .click();
  const banner = page.getByRole("status", { name: "Comparison" });
  await expect(banner).toContainText(
    "The canvas compared with version 2: 1 added, 1 changed, removed: code",
  );
  await expect(page.locator('[data-node-id="delay"]')).toHaveAttribute("data-diff", "added");
  await expect(page.locator('[data-node-id="transform"]')).toHaveAttribute("data-diff", "changed");
  await expect(page.getByLabel("Removed Code node Code")).toBeVisible();
  await banner.getByText("changed field").click();
  await expect(banner.getByRole("list", { name: "Changed fields" })).toContainText(
    '~ nodes.transform.name: "Transform" → "Reshape"',
  );
  await page.getByRole("button", { name: "Stop comparing" }).click();
  await expect(page.locator('[data-node-id="delay"]')).not.toHaveAttribute("data-diff", /.+/);
  await expect(page.getByLabel("Removed Code node Code")).toHaveCount(0);

  // Two saved versions: 1 (empty) and 3.
  const compare = page.getByRole("form", { name: "Compare two versions" });
  await compare.getByLabel("From version").selectOption("1");
  await compare.getByLabel("To version").selectOption("3");
  await compare.getByRole("button", { name: "Compare versions" }).click();
  await expect(banner).toContainText("Version 3 compared with version 1: 2 added, 0 changed");
  await expect(page.getByText("Viewing version 3 (read-only)")).toBeVisible();
});

test("code fields offer parameters and upstream outputs only, inserted as variables", async ({
  browser,
  users,
}) => {
  const user = await users.create("Referrer");
  const page = await pageAs(browser, user);
  const node = (id: string, x: number) => ({
    id,
    block: "transform.jsonata",
    name: id,
    position: { x, y: 0 },
    config: { expression: "$" },
    retries: 0,
    retryDelaySeconds: 10,
  });
  const document = {
    schemaVersion: 1,
    name: "References",
    description: "",
    parameters: [{ name: "date", type: "string", required: false, description: "" }],
    nodes: [node("fetch", 0), node("shape", 300), node("store", 600)],
    edges: [
      { id: "e1", source: "fetch", target: "shape", sourceHandle: null },
      { id: "e2", source: "shape", target: "store", sourceHandle: null },
    ],
    notes: [],
  };
  const flow = (
    await (
      await trpcMutation(page.request, "flow.import", { document }, await cookieHeader(user))
    ).json()
  ).result.data.json;
  await page.goto(`/flows/${flow.id}`);
  await page.getByLabel("Transform node shape").click();
  const picker = page.getByLabel("Insert a reference into Expression");
  await expect(picker.locator("option")).toHaveText([
    "Insert reference…",
    "params.date",
    "nodes.fetch.output",
    "run.id",
    "run.startedAt",
  ]);
  await page
    .getByRole("form", { name: "Settings of shape" })
    .getByLabel(/^Expression/)
    .fill("");
  await picker.selectOption("nodes.fetch.output");
  await expect(
    page.getByRole("form", { name: "Settings of shape" }).getByLabel(/^Expression/),
  ).toHaveText("nodes.fetch.output");
  await expect(page.locator('[data-node-id="shape"]')).toHaveAttribute("data-problems", "0");
});

test("code fields are highlighted, TypeScript by default, and stay editable", async ({
  browser,
  users,
}) => {
  const { page, flow } = await openNewFlow(browser, await users.create("Coder"), "Code");
  await page.getByRole("button", { name: "Add Code" }).click();
  const form = page.getByRole("form", { name: "Settings of Code" });
  const code = form.getByLabel(/^Code/);
  await expect(code).toHaveText("return { ok: true };");
  await expect(form.getByLabel("Language")).toHaveValue("typescript");
  await expect(form.locator(".tok-keyword").first()).toHaveText("return");
  await code.fill("const n: number = 41;\nreturn n + 1;");
  await expect(form.locator(".tok-typeName").first()).toHaveText("number");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  const saved = (await savedDocument(page, flow.id)).nodes[0].config;
  expect(saved).toEqual({ language: "typescript", code: "const n: number = 41;\nreturn n + 1;" });
  // The typed code runs: types are stripped on the server.
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const test = page.getByRole("status", { name: "Test run" });
  await expect(test.locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(
    page.getByRole("region", { name: "Testing" }).getByLabel("Output", { exact: true }),
  ).toHaveText("42");
});

test("saving over someone else's newer version asks: reload theirs or save anyway", async ({
  browser,
  users,
}) => {
  const user = await users.create("Racer");
  const page = await pageAs(browser, user);
  const headers = await cookieHeader(user);
  const flow = (
    await (await trpcMutation(page.request, "flow.create", { name: "Contended" }, headers)).json()
  ).result.data.json;
  await page.goto(`/flows/${flow.id}`);
  await expect(page.getByText("Version 1")).toBeVisible();

  const theirs = {
    schemaVersion: 1,
    name: "Contended",
    description: "theirs",
    parameters: [],
    nodes: [],
    edges: [],
    notes: [],
  };
  expect(
    (
      await trpcMutation(
        page.request,
        "flow.save",
        { flowId: flow.id, document: theirs, baseVersion: 1 },
        headers,
      )
    ).status(),
  ).toBe(200);

  await page.getByRole("button", { name: "Add Delay" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  const banner = page.getByRole("alert").filter({ hasText: "after you opened this flow" });
  await expect(banner).toContainText("Version 2 was saved by Racer after you opened this flow");
  await expect(page.getByText("Version 1")).toBeVisible();

  await banner.getByRole("button", { name: "Save anyway" }).click();
  await expect(page.getByText("Version 3")).toBeVisible();
  await expect(banner).toHaveCount(0);
  expect((await savedDocument(page, flow.id)).nodes.map((n: { id: string }) => n.id)).toEqual([
    "delay",
  ]);
});

test("a node id can be renamed: edges and every reference follow", async ({ browser, users }) => {
  const page = await openFlow(browser, await users.create("Renamer"), "Renamed", [
    node("shape", "transform.jsonata", { expression: "21" }),
    node("use", "code.javascript", { code: "return nodes.shape.output * 2" }, 300),
  ]);
  await page.locator('[data-node-id="shape"]').click();
  const id = page.getByLabel("Node id");
  await id.fill("use");
  await expect(
    page.getByRole("alert").filter({ hasText: 'Another node is already called "use"' }),
  ).toBeVisible();
  await id.fill("reshape");
  await id.press("Enter");
  await expect(page.locator('[data-node-id="reshape"]')).toBeVisible();
  await expect(page.locator('[data-node-id="shape"]')).toHaveCount(0);
  // (A level edge has no height: counted, not "visible".)
  const edge = page.getByRole("group", { name: "Edge from reshape to use" });
  await expect(edge).toHaveCount(1);
  await expect(edge.locator("path").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+ C/);
  await page.locator('[data-node-id="use"]').click();
  await expect(page.getByRole("form", { name: "Settings of use" }).getByLabel(/^Code/)).toHaveText(
    "return nodes.reshape.output * 2",
  );
  await expect(page.getByText("No problems.")).toBeVisible();
});
