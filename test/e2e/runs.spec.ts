import { expect, test, trpcMutation } from "./fixtures";
import { cookieHeader, node, nodeDetails, openFlow } from "./flows";

test("run a flow from the canvas with a parameter and watch every node complete", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await openFlow(
    browser,
    user,
    "Doubler",
    [
      node("double", "code.javascript", { code: "return params.n * 2" }),
      node("describe", "transform.jsonata", { expression: "'result: ' & input" }, 250),
    ],
    [{ name: "n", type: "number", default: 4, required: true, description: "A number" }],
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run parameters" });
  await dialog.getByLabel(/^n/).fill("21");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.locator('[data-node-id="double"]')).toHaveAttribute("data-status", "COMPLETED");
  await page.locator('[data-node-id="describe"]').click();
  await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText('"result: 42"');

  await page.goto("/runs");
  await expect(page.getByRole("link", { name: /Doubler/ })).toBeVisible();
});

test("a failing node shows its error; a long run can be cancelled", async ({ browser, users }) => {
  const user = await users.create();
  const page = await openFlow(browser, user, "Breaks", [
    node("boom", "code.javascript", {
      code: "const stock = 0;\nif (!stock) throw new Error('no stock left');\nreturn stock;",
    }),
  ]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "FAILED");
  await expect(
    page.getByRole("alert").filter({ hasText: 'Node "boom" failed: Error: no stock left' }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Re-run from failure" })).toBeVisible();
  // The error points at the user's code: its line, marked, with the column.
  await page.locator('[data-node-id="boom"]').click();
  const where = nodeDetails(page).getByRole("figure", { name: /Where the error was: line 2/ });
  await expect(where.locator("[data-error-line]")).toContainText(
    "if (!stock) throw new Error('no stock left');",
  );

  const slow = await openFlow(browser, user, "Slow", [
    node("wait", "flow.delay", { seconds: 3600 }),
    node("after", "code.javascript", { code: "return 1" }, 250),
  ]);
  await slow.getByRole("button", { name: "Run", exact: true }).click();
  await expect(slow.locator('[data-node-id="wait"]')).toHaveAttribute("data-status", "RUNNING");
  // Updates arrive over the run's event stream (server-sent events), not by polling.
  await expect(slow.locator("[data-stream]")).toHaveAttribute("data-stream", "pending");
  await slow.getByRole("button", { name: "Cancel run" }).click();
  await expect(slow.locator("header [data-status]")).toHaveAttribute("data-status", "CANCELLED");
  await expect(slow.locator('[data-node-id="after"]')).toHaveAttribute("data-status", "CANCELLED");
  await expect(slow.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
});

test("a webhook made on the canvas starts a run with the posted body", async ({
  browser,
  users,
  request,
}) => {
  const user = await users.create();
  const page = await openFlow(
    browser,
    user,
    "Hooked",
    [node("greet", "code.javascript", { code: "return 'hello ' + params.body.name" })],
    [{ name: "body", type: "json", required: true, description: "" }],
  );
  await page.getByLabel("Webhook name").fill("Shop");
  await page.getByRole("button", { name: "Create webhook" }).click();
  const url = (await page.getByLabel("Webhook URL", { exact: true }).textContent())!;
  expect(url).toMatch(/\/api\/hooks\//);
  const reply = await request.post(url, { data: { name: "Ada" } });
  expect(reply.status()).toBe(202);
  const { id } = await reply.json();
  await page.goto(`/runs/${id}`);
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await page.locator('[data-node-id="greet"]').click();
  await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText('"hello Ada"');
  await page.goto("/runs");
  await expect(page.getByRole("row").filter({ hasText: "Hooked" })).toContainText("webhook");
});

test("failure notifications are added and removed in the flow settings", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await openFlow(browser, user, "Watched", [
    node("only", "code.javascript", { code: "return 1" }),
  ]);
  const form = page.getByRole("form", { name: "Add notification" });
  await form.getByLabel("Webhook URL to call").fill("not a url");
  await form.getByRole("button", { name: "Add notification" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "must be an http(s) URL" })).toBeVisible();
  await form.getByLabel("Webhook URL to call").fill("https://hooks.example.test/weft");
  await form.getByLabel("Also when a run completes").check();
  await form.getByRole("button", { name: "Add notification" }).click();
  const list = page.getByRole("list", { name: "Notifications" });
  await expect(list).toContainText("https://hooks.example.test/weft");
  await expect(list).toContainText("+ success");
  await list.getByRole("button", { name: "Remove Webhook notification" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(0);
});

test("re-run from failure asks for the version when the flow changed since, and runs the fix", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await openFlow(browser, user, "Fixable", [
    node("load", "code.javascript", { code: "return 20" }),
    node("compute", "code.javascript", { code: "throw new Error('not yet')" }, 250),
  ]);
  const flowId = page.url().split("/flows/")[1]!;
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "FAILED");
  const failedRun = page.url();

  // Someone fixes the node: version 2.
  const current = await (
    await page.request.get(
      `/api/trpc/flow.version?input=${encodeURIComponent(JSON.stringify({ json: { flowId } }))}`,
    )
  ).json();
  const document = current.result.data.json.document;
  document.nodes[1].config.code = "return input + 1";
  const saved = await trpcMutation(
    page.request,
    "flow.save",
    { flowId, document, baseVersion: 1 },
    await cookieHeader(user),
  );
  expect(saved.status(), await saved.text()).toBe(200);

  await page.goto(failedRun);
  await page.getByRole("button", { name: "Re-run from failure" }).click();
  const dialog = page.getByRole("dialog", { name: "Re-run from failure" });
  await expect(dialog.getByLabel("Version 2, the latest")).toBeChecked();
  await expect(dialog.getByLabel("Version 1, as this run ran")).not.toBeChecked();
  await dialog.getByRole("button", { name: "Re-run on version 2" }).click();
  await expect(page).not.toHaveURL(failedRun);
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.getByText(/Version 2 ·/)).toBeVisible();
  await page.locator('[data-node-id="compute"]').click();
  await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText("21");
});

test("run from here: from a node's context menu on the canvas, upstream outputs reused from the latest run", async ({
  browser,
  users,
}) => {
  const page = await openFlow(browser, await users.create(), "From here", [
    node("stamp", "code.javascript", { code: "return Math.random()" }),
    node("round", "code.javascript", { code: "return Math.round(input * 1000)" }, 250),
    node("label", "transform.jsonata", { expression: "'n=' & input" }, 500),
  ]);
  const editorUrl = page.url();
  await page.locator('[data-node-id="round"]').click({ button: "right" });
  await page.getByRole("menuitem", { name: "Run from here" }).click();
  await expect(page.getByRole("status").filter({ hasText: "has not run yet" })).toBeVisible();

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await page.locator('[data-node-id="stamp"]').click();
  const output = nodeDetails(page).getByLabel("Output", { exact: true });
  await expect(output).toHaveText(/^0\.\d+$/);
  const stamp = await output.textContent();

  await page.goto(editorUrl);
  await page.locator('[data-node-id="round"]').click({ button: "right" });
  const menu = page.getByRole("menu", { name: "Actions for round" });
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await menu.getByRole("menuitem", { name: "Run from here" }).click();
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  // The upstream node was not run again: same random number, and no attempt of its own.
  await page.locator('[data-node-id="stamp"]').click();
  await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText(stamp!);
  await page.locator('[data-node-id="label"]').click();
  await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText(
    `"n=${Math.round(Number(stamp) * 1000)}"`,
  );
});
