import { expect, pageAs, test } from "./fixtures";

test("a key created on the Team page drives a flow through the REST API: create, run, watch, cancel", async ({
  browser,
  users,
  request,
}) => {
  // Many round trips (UI, REST, a run watched to its end): more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  const user = await users.create();
  const page = await pageAs(browser, user);
  await page.goto("/team");
  const keys = page.getByRole("region", { name: "API keys" });
  await keys.getByLabel("Key name").fill("Deploy script");
  await keys.getByRole("button", { name: "Create key" }).click();
  const key = (await keys.getByLabel("New API key").textContent())!;
  expect(key).toMatch(/^weft_/);
  const auth = { authorization: `Bearer ${key}` };

  const document = {
    schemaVersion: 1,
    name: "Via API",
    parameters: [{ name: "n", type: "number", required: true }],
    nodes: [
      {
        id: "double",
        block: "code.javascript",
        name: "Double",
        position: { x: 0, y: 0 },
        config: { code: "return params.n * 2" },
      },
    ],
    edges: [],
  };
  const created = await request.post("/api/v1/flows", { headers: auth, data: document });
  expect(created.status(), await created.text()).toBe(201);
  const flowId = (await created.json()).id;

  const started = await request.post(`/api/v1/flows/${flowId}/runs`, {
    headers: auth,
    data: { parameters: { n: 21 } },
  });
  expect(started.status()).toBe(201);
  // A small answer goes as it is; compressing 50 bytes costs the app more than it saves.
  expect(started.headers()["content-encoding"]).toBeUndefined();
  const { id: runId, status } = await started.json();
  expect(status).toBe("pending");
  await expect
    .poll(
      async () =>
        (await (await request.get(`/api/v1/runs/${runId}`, { headers: auth })).json()).status,
    )
    .toBe("completed");
  const run = await (await request.get(`/api/v1/runs/${runId}`, { headers: auth })).json();
  expect(run).toMatchObject({
    id: runId,
    flowId,
    version: 1,
    trigger: "api",
    parameters: { n: 21 },
    nodes: [{ id: "double", status: "completed", attempts: 1, output: 42 }],
  });
  const listed = await (
    await request.get(`/api/v1/runs?flowId=${flowId}`, { headers: auth })
  ).json();
  expect(listed.runs.map((r: { id: string }) => r.id)).toEqual([runId]);

  const waitDoc = {
    ...document,
    name: "Waits",
    parameters: [],
    nodes: [
      {
        id: "wait",
        block: "flow.delay",
        name: "Wait",
        position: { x: 0, y: 0 },
        config: { seconds: 3600 },
      },
    ],
  };
  const put = await request.put(`/api/v1/flows/${flowId}`, {
    headers: { ...auth, "if-match": "1" },
    data: waitDoc,
  });
  expect(await put.json()).toEqual({ id: flowId, version: 2 });
  const long = await (
    await request.post(`/api/v1/flows/${flowId}/runs`, { headers: auth, data: {} })
  ).json();
  await expect
    .poll(
      async () =>
        (await (await request.get(`/api/v1/runs/${long.id}`, { headers: auth })).json()).status,
    )
    .toBe("running");
  const cancelled = await request.post(`/api/v1/runs/${long.id}/cancel`, { headers: auth });
  expect(await cancelled.json()).toEqual({ id: long.id, status: "cancelled" });
  const again = await request.post(`/api/v1/runs/${long.id}/cancel`, { headers: auth });
  expect(again.status()).toBe(409);

  const openapi = await request.get("/api/v1/openapi.json");
  expect((await openapi.json()).openapi).toBe("3.1.0");
  expect(openapi.headers()["content-encoding"]).toMatch(/^(gzip|br|deflate)$/);
  await keys.getByRole("button", { name: "Revoke Deploy script" }).click();
  await expect(keys.getByText("revoked")).toBeVisible();
  expect((await request.get("/api/v1/flows", { headers: auth })).status()).toBe(401);
});
