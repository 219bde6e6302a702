// The one-machine default (`npm start`, production mode) is signed end to end: nobody who reaches
// the web port or the local Inngest server can drive execution without the generated keys.
import { expect, sessionCookie, test, trpcMutation } from "./fixtures";
import { node } from "./flows";

const inngestUrl = `http://127.0.0.1:${process.env.E2E_INNGEST_PORT ?? "18398"}`;
const forgedCall = {
  event: { name: "weft/run.requested", data: { runId: "r" } },
  events: [],
  steps: {},
  ctx: { run_id: "forged", attempt: 0, stack: { stack: [], current: 0 } },
  version: 2,
};

test("unsigned calls to /api/inngest get 401: no forged sync, no forged step results", async ({
  request,
}) => {
  const sync = await request.put("/api/inngest", { headers: { host: "evil.example" } });
  expect(sync.status()).toBe(401);
  const call = await request.post("/api/inngest?fnId=weft-flow-run&stepId=step", {
    data: forgedCall,
  });
  expect(call.status()).toBe(401);
  const forgedSignature = await request.post("/api/inngest?fnId=weft-flow-run&stepId=step", {
    data: forgedCall,
    headers: { "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"0".repeat(64)}` },
  });
  expect(forgedSignature.status()).toBe(401);
});

test("the local Inngest server refuses events, registrations and checkpoints without the keys", async ({
  request,
}) => {
  const event = await request.post(`${inngestUrl}/e/any-key`, {
    data: [{ name: "weft/run.requested", data: { runId: "x" } }],
  });
  expect(event.status()).toBe(401);
  const register = await request.post(`${inngestUrl}/fn/register`, {
    data: { url: "http://evil.example/api/inngest", appName: "weft", functions: [] },
  });
  expect(register.status()).toBe(401);
  const checkpoint = await request.post(`${inngestUrl}/v1/checkpoint/some-run/async`, {
    data: { qi_id: "1.x", steps: [] },
  });
  expect(checkpoint.status()).toBe(401);
});

test("after the refused attempts, runs still reach the app: a flow runs to completion", async ({
  request,
  users,
}) => {
  await request.put("/api/inngest", { headers: { host: "evil.example" } });
  await request.post(`${inngestUrl}/fn/register`, {
    data: { url: "http://evil.example/api/inngest", appName: "weft", functions: [] },
  });
  const user = await users.create("Signed");
  const cookie = await sessionCookie(user);
  const headers = { cookie: `${cookie.name}=${cookie.value}` };
  const flow = await trpcMutation(request, "flow.create", { name: "Still works" }, headers);
  expect(flow.status()).toBe(200);
  const flowId = (await flow.json()).result.data.json.id as string;
  const key = await trpcMutation(request, "apiKey.create", { name: "probe" }, headers);
  const auth = { authorization: `Bearer ${(await key.json()).result.data.json.key}` };
  const document = {
    schemaVersion: 1,
    name: "Still works",
    parameters: [],
    nodes: [node("one", "code.javascript", { code: "return 1" })],
    edges: [],
  };
  expect(
    (await request.put(`/api/v1/flows/${flowId}`, { headers: auth, data: document })).status(),
  ).toBe(200);
  const started = await request.post(`/api/v1/flows/${flowId}/runs`, { headers: auth, data: {} });
  expect(started.status()).toBe(201);
  const runId = (await started.json()).id as string;
  await expect
    .poll(
      async () =>
        (await (await request.get(`/api/v1/runs/${runId}`, { headers: auth })).json()).status,
    )
    .toBe("completed");
});

test("pages carry a content security policy and may not be framed", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      errors.push(message.text());
  });
  const reply = await page.goto("/sign-in");
  const headers = reply!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a URL with broken percent-encoding gets a 400 naming the problem, not a 500", async ({
  request,
}) => {
  for (const path of ["/api/v1/runs/%C3%28", "/api/v1/flows/%E0%A4%A", "/api/hooks/%C3%28"]) {
    const reply = await request.get(path);
    expect(reply.status(), path).toBe(400);
    expect((await reply.json()).error.message).toMatch(/broken percent-encoding/);
  }
  // A well-formed `%` passes on to the route, which asks for a key as it does without one.
  for (const path of ["/api/v1/runs/abc%20d", "/api/v1/runs/abc"]) {
    const reply = await request.get(path);
    expect(reply.status(), path).toBe(401);
    expect((await reply.json()).error.field).toBe("authorization");
  }
});
