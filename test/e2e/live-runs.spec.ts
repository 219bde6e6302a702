import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { baseURL } from "../../playwright.config";
import { expect, pageAs, sessionCookie, test, trpcMutation } from "./fixtures";
import { node, nodeDetails, openFlow } from "./flows";

test("the canvas follows a run live: badges in order, animated edge, a node's output", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await openFlow(
    browser,
    user,
    "Three steps",
    [
      node("fetch", "code.javascript", {
        code: "console.log('fetched', params.n); return { items: [params.n] }",
      }),
      node("wait", "flow.delay", { seconds: 3 }, 250),
      node("sum", "transform.jsonata", { expression: "$sum(nodes.fetch.output.items) * 2" }, 500),
    ],
    [{ name: "n", type: "number", default: 5, required: true, description: "" }],
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Run parameters" })
    .getByRole("button", { name: "Start run" })
    .click();
  await expect(page).toHaveURL(/\/runs\//);

  const badge = (id: string) => page.locator(`.react-flow [data-node-id="${id}"]`);
  // While the middle node waits: the first is done, the last has not started, the edge out of the
  // waiting node animates.
  await expect(badge("wait")).toHaveAttribute("data-status", "RUNNING");
  await expect(badge("fetch")).toHaveAttribute("data-status", "COMPLETED");
  await expect(badge("sum")).toHaveAttribute("data-status", "PENDING");
  await expect(page.locator(".react-flow__edge.animated")).toHaveCount(1);
  await expect(page.locator("[data-stream]")).toHaveAttribute("data-stream", "pending");

  await expect(badge("wait")).toHaveAttribute("data-status", "COMPLETED");
  await expect(badge("sum")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.locator(".react-flow__edge.animated")).toHaveCount(0);
  await expect(badge("wait")).toContainText(/\d\.\d s/);

  // The timeline has a bar per node; the log has the code's line between the state changes.
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(
    timeline.getByRole("button", { name: /^wait: completed, [34]\.\d s$/ }),
  ).toBeVisible();
  const log = page.getByRole("region", { name: "Run log" });
  await expect(log).toContainText("fetch info fetched 5");
  await expect(log.getByRole("listitem").last()).toContainText("sum completed");

  await badge("sum").click();
  await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText("10");
  await timeline.getByRole("button", { name: /^fetch:/ }).click();
  const output = nodeDetails(page).getByLabel("Output", { exact: true });
  await expect(output).toContainText("[1 items]");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await output.getByRole("button", { name: "Copy path nodes.fetch.output.items[0]" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Copied nodes.fetch.output.items[0]" }),
  ).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    "nodes.fetch.output.items[0]",
  );

  // Re-run with the same parameters: a new run of the same version.
  const first = page.url();
  await page.getByRole("button", { name: "Re-run with the same parameters" }).click();
  await expect(page).not.toHaveURL(first);
  await expect(page.getByLabel("Parameters")).toContainText('"n": 5');
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
});

test("re-run from failure turns the run green once the cause is fixed", async ({
  browser,
  users,
}) => {
  // A third-party API that fails until it is "fixed".
  let healthy = false;
  let calls = 0;
  const api: Server = createServer((_, res) => {
    calls++;
    res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify(healthy ? { stock: 7 } : { error: "down" }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/stock`;
  try {
    const user = await users.create();
    const page = await openFlow(browser, user, "Stock check", [
      node("prepare", "code.javascript", { code: "return 'sku-1'" }),
      node("stock", "http.request", { method: "GET", url }, 250),
      node(
        "report",
        "transform.jsonata",
        { expression: "'in stock: ' & nodes.stock.output.body.stock" },
        500,
      ),
    ]);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const status = page.locator("header [data-status]");
    await expect(status).toHaveAttribute("data-status", "FAILED");
    await expect(page.locator('.react-flow [data-node-id="stock"]')).toHaveAttribute(
      "data-status",
      "FAILED",
    );
    await page.locator('.react-flow [data-node-id="stock"]').click();
    await expect(nodeDetails(page).getByRole("note")).toContainText("503");

    healthy = true;
    await page.getByRole("button", { name: "Re-run from failure" }).click();
    await expect(page.getByText("Re-run of")).toBeVisible();
    await expect(status).toHaveAttribute("data-status", "COMPLETED");
    await page.locator('.react-flow [data-node-id="report"]').click();
    await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toHaveText(
      '"in stock: 7"',
    );
    expect(calls).toBe(2);

    // Running the report alone takes the stock from this run: the API is not called again.
    await nodeDetails(page).getByRole("button", { name: "Run this node alone" }).click();
    await expect(page.getByText(/Ran “[^”]+” alone, its upstream outputs from/)).toBeVisible();
    await expect(status).toHaveAttribute("data-status", "COMPLETED");
    expect(calls).toBe(2);
  } finally {
    api.close();
  }
});

test("a viewer watches runs but cannot start, cancel or approve; other teams get not found", async ({
  browser,
  users,
}) => {
  const owner = await users.create("Owen");
  const page = await openFlow(browser, owner, "Needs sign-off", [
    node("gate", "flow.approval", { timeoutSeconds: 3600, onTimeout: "reject" }),
  ]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("group", { name: "Approval of gate" })).toBeVisible();
  const runUrl = page.url();

  const invite = await trpcMutation(page.request, "invitation.create", {
    role: "VIEWER",
    expiresInDays: 1,
  });
  expect(invite.status(), await invite.text()).toBe(200);
  const { token } = (await invite.json()).result.data.json as { token: string };
  const viewer = await users.create("Vera");
  const viewerPage = await pageAs(browser, viewer);
  const accepted = await trpcMutation(viewerPage.request, "invitation.accept", { token });
  expect(accepted.status(), await accepted.text()).toBe(200);

  await viewerPage.goto(runUrl);
  await expect(viewerPage.locator('.react-flow [data-node-id="gate"]')).toHaveAttribute(
    "data-status",
    "RUNNING",
  );
  await expect(viewerPage.getByRole("group", { name: "Approval of gate" })).toBeVisible();
  for (const name of ["Approve", "Reject", "Cancel run", "Re-run with the same parameters"])
    await expect(viewerPage.getByRole("button", { name })).toHaveCount(0);
  await viewerPage.goto(runUrl.replace(/\/runs\/.*/, "/runs"));
  await expect(viewerPage.getByRole("row").filter({ hasText: "Needs sign-off" })).toBeVisible();

  // The owner approves; the viewer's page follows.
  await viewerPage.goto(runUrl);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(viewerPage.locator("header [data-status]")).toHaveAttribute(
    "data-status",
    "COMPLETED",
  );

  const stranger = await pageAs(browser, await users.create("Stan"));
  await stranger.goto(runUrl);
  await expect(stranger.getByRole("alert").filter({ hasText: "Run not found" })).toBeVisible();
});

test("the runs page filters by flow, status, trigger and time; the dashboard charts them", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await openFlow(browser, user, "Nightly export", [
    node("ok", "code.javascript", { code: "return 1" }),
  ]);
  const exportFlow = page.url().split("/flows/")[1]!;
  await openFlow(browser, user, "Broken import", [
    node("bad", "code.javascript", { code: "throw new Error('nope')" }),
  ]).then(async (other) => {
    const flowId = other.url().split("/flows/")[1]!;
    for (const id of [exportFlow, exportFlow, flowId]) {
      const reply = await trpcMutation(page.request, "run.start", { flowId: id, parameters: {} });
      expect(reply.status(), await reply.text()).toBe(200);
    }
  });
  await page.goto("/runs");
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  const filters = page.getByRole("group", { name: "Filter runs" });
  await filters.getByLabel("Flow", { exact: true }).selectOption({ label: "Nightly export" });
  await expect(rows).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`flowId=${exportFlow}`));
  await filters.getByLabel("Flow", { exact: true }).selectOption("");
  await filters.getByLabel("Status", { exact: true }).selectOption("FAILED");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Broken import");
  await page.reload();
  await expect(rows).toHaveCount(1);
  await filters.getByLabel("Status", { exact: true }).selectOption("");
  await filters.getByLabel("Trigger", { exact: true }).selectOption("WEBHOOK");
  await expect(page.getByText("No runs match")).toBeVisible();
  await filters.getByLabel("Trigger", { exact: true }).selectOption("MANUAL");
  await expect(rows).toHaveCount(3);
  await filters.getByLabel("From", { exact: true }).fill("2999-01-01T00:00");
  await expect(page.getByText("No runs match")).toBeVisible();
  await filters.getByLabel("From", { exact: true }).fill("2000-01-01T00:00");
  await expect(rows).toHaveCount(3);
  // A hand-edited address with a bad time names the field instead of failing silently.
  await page.goto("/runs?since=yesterday");
  await expect(page.getByRole("alert").filter({ hasText: "since must be a date" })).toBeVisible();
  // The API's documented lowercase values work in the address too; an unknown one is named.
  await page.goto("/runs?status=failed&trigger=manual");
  await expect(rows).toHaveCount(1);
  await expect(filters.getByLabel("Status", { exact: true })).toHaveValue("FAILED");
  await page.goto("/runs?trigger=carrier-pigeon");
  await expect(
    page.getByRole("status").filter({ hasText: "trigger “carrier-pigeon”" }),
  ).toBeVisible();
  await expect(rows).toHaveCount(3);

  // The dashboard charts the same runs, for the team and per flow.
  await page.goto("/runs?status=COMPLETED");
  await expect(rows).toHaveCount(2);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("group", { name: "Runs", exact: true })).toContainText("3");
  await expect(page.getByRole("group", { name: "Success rate" })).toContainText("67%");
  await expect(page.getByRole("region", { name: "Recent failures" })).toContainText(
    "Broken import",
  );
  const perDay = page.getByRole("figure", { name: "Runs per day" });
  await expect(perDay.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("figure", { name: "Duration (p50 / p95)" })).toBeVisible();
  await page
    .getByRole("region", { name: "Flows" })
    .getByRole("button", { name: "Nightly export" })
    .click();
  await expect(page).toHaveURL(new RegExp(`flowId=${exportFlow}`));
  await expect(page.getByRole("group", { name: "Success rate" })).toContainText("100%");
  await expect(page.getByRole("group", { name: "Runs", exact: true })).toContainText("2");
  await expect(page.getByText("No failed runs in this period.")).toBeVisible();
});

/** Reads a run's event stream (tRPC over SSE) as a browser's EventSource would, until `stop`. */
async function readEvents(
  cookie: string,
  runId: string,
  options: { lastEventId?: string; stop?(event: StreamEvent): boolean } = {},
) {
  const input = encodeURIComponent(JSON.stringify({ json: { runId } }));
  const controller = new AbortController();
  const reply = await fetch(`${baseURL}/api/trpc/run.events?input=${input}`, {
    headers: {
      cookie,
      accept: "text/event-stream",
      ...(options.lastEventId ? { "last-event-id": options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  expect(reply.status).toBe(200);
  const events: StreamEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = reply.body!.getReader();
  for (;;) {
    const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (chunk.done) return events;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim();
      if (field("event") === "return") return events;
      const id = field("id");
      if (!id) continue;
      const data = JSON.parse(field("data")!).json as StreamEvent["data"];
      events.push({ id, data });
      if (options.stop?.({ id, data })) {
        controller.abort();
        return events;
      }
    }
  }
}
interface StreamEvent {
  id: string;
  data: { type: string; nodeId: string | null; data: { status?: string } };
}

test("a dropped event stream resumes from its last event id: same events, in order, once", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await openFlow(browser, user, "Gated", [
    node("first", "code.javascript", { code: "return 1" }),
    node("gate", "flow.approval", { timeoutSeconds: 3600, onTimeout: "reject" }, 250),
    node("last", "code.javascript", { code: "return 2" }, 500),
  ]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\//);
  const runId = page.url().split("/runs/")[1]!;
  const { name, value } = await sessionCookie(user);
  const cookie = `${name}=${value}`;

  // Connection one drops while the gate waits.
  const before = await readEvents(cookie, runId, {
    stop: (event) => event.data.nodeId === "gate" && event.data.data.status === "RUNNING",
  });
  await page.getByRole("button", { name: "Approve" }).click();
  // Connection two resumes with the last id the first one saw, and reads to the end.
  const after = await readEvents(cookie, runId, { lastEventId: before.at(-1)!.id });
  const all = await readEvents(cookie, runId);

  expect([...before, ...after].map((event) => event.id)).toEqual(all.map((event) => event.id));
  const ids = all.map((event) => Number(event.id));
  expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  expect(all.at(-1)!.data).toMatchObject({ type: "run", data: { status: "COMPLETED" } });
  expect(after.some((event) => event.data.nodeId === "last")).toBe(true);
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
});
