// Golden fixtures of the SDK protocol the local server relies on: each case sends a request to the
// real serve() handler and compares its reply with test/fixtures/inngest-protocol.json. An SDK
// upgrade that changes a shape fails here. After checking such a change against the local server,
// refresh the file with: UPDATE_GOLDEN=1 npx vitest run test/integration/local-inngest/contract.test.ts
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { Inngest, NonRetriableError, RetryAfterError } from "inngest";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const GOLDEN = "test/fixtures/inngest-protocol.json";
const hash = (id: string) => createHash("sha1").update(id).digest("hex");
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

const client = new Inngest({ id: "contract", isDev: true, logger: quiet });
const functions = [
  client.createFunction({ id: "seq", triggers: [{ event: "c/seq" }] }, async ({ step }) => {
    const a = await step.run("a", () => 1);
    return { a, b: await step.run("b", () => a + 1) };
  }),
  client.createFunction({ id: "par", triggers: [{ event: "c/par" }] }, async ({ step }) =>
    Promise.all([step.run("x", () => "x"), step.run("y", () => "y")]),
  ),
  client.createFunction({ id: "sleep", triggers: [{ event: "c/sleep" }] }, async ({ step }) => {
    await step.sleep("nap", "2s");
    await step.sleepUntil("until", new Date("2030-01-01T00:00:00Z"));
  }),
  client.createFunction({ id: "wait", triggers: [{ event: "c/wait" }] }, async ({ step }) =>
    step.waitForEvent("approval", { event: "c/approved", match: "data.id", timeout: "1h" }),
  ),
  client.createFunction(
    { id: "fail", retries: 2, triggers: [{ event: "c/fail" }] },
    async ({ step }) =>
      step.run("boom", () => {
        throw new Error("boom");
      }),
  ),
  client.createFunction({ id: "fatal", triggers: [{ event: "c/fatal" }] }, async ({ step }) =>
    step.run("no", () => {
      throw new NonRetriableError("no");
    }),
  ),
  client.createFunction({ id: "later", triggers: [{ event: "c/later" }] }, async ({ step }) =>
    step.run("later", () => {
      throw new RetryAfterError("later", 30_000);
    }),
  ),
  client.createFunction({ id: "throws", triggers: [{ event: "c/throws" }] }, async () => {
    throw new Error("outside any step");
  }),
];

interface Case {
  fn: string;
  stepId?: string;
  steps?: Record<string, unknown>;
  attempt?: number;
  maxAttempts?: number;
  disableImmediate?: boolean;
}

const cases: Record<string, Case> = {
  "discovery runs the first step at once": { fn: "seq" },
  "a memoized step leads to the next": { fn: "seq", steps: { [hash("a")]: { data: 1 } } },
  "all steps memoized finishes the function": {
    fn: "seq",
    steps: { [hash("a")]: { data: 1 }, [hash("b")]: { data: 2 } },
  },
  "parallel steps are planned": { fn: "par" },
  "a planned step runs when asked for": { fn: "par", stepId: hash("y"), disableImmediate: true },
  "step.sleep reports its duration": { fn: "sleep" },
  "step.sleepUntil reports its time": { fn: "sleep", steps: { [hash("nap")]: { data: null } } },
  "waitForEvent reports event, match and timeout": { fn: "wait" },
  "a failing step is retriable before its last attempt": { fn: "fail", attempt: 0, maxAttempts: 3 },
  "a failing step is final on its last attempt": { fn: "fail", attempt: 2, maxAttempts: 3 },
  "a failed step's error rejects the function for good": {
    fn: "fail",
    steps: { [hash("boom")]: { error: { name: "Error", message: "boom" } } },
  },
  "NonRetriableError is final at once": { fn: "fatal" },
  "RetryAfterError sets Retry-After": { fn: "later" },
  "an error outside steps is a retriable 500": { fn: "throws" },
};

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "stack" && key !== "timing")
        .map(([key, inner]) => [key, normalise(inner)]),
    );
  }
  return value;
}

describe("Inngest SDK protocol contract", () => {
  let url = "";
  const app = createServer(serve({ client, functions }));
  const replies: Record<string, unknown> = {};
  beforeAll(async () => {
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(app.address() as { port: number }).port}/api/inngest`;
  });
  afterAll(() => {
    app.close();
    if (process.env.UPDATE_GOLDEN)
      writeFileSync(GOLDEN, `${JSON.stringify({ ...file, sdk: replies }, null, 2)}\n`);
  });
  // `sdk`: the SDK's replies (recorded here); `server`: what Inngest's server sends (conformance).
  const file = existsSync(GOLDEN)
    ? (JSON.parse(readFileSync(GOLDEN, "utf8")) as { sdk: Record<string, unknown> })
    : { sdk: {} };
  const golden = file.sdk;

  it.each(Object.entries(cases))("%s", async (name, c) => {
    const event = { name: `c/${c.fn}`, data: { id: "1" }, id: "evt", ts: 1_700_000_000_000 };
    const body = {
      event,
      events: [event],
      steps: c.steps ?? {},
      ctx: {
        run_id: "run-1",
        attempt: c.attempt ?? 0,
        max_attempts: c.maxAttempts ?? 4,
        disable_immediate_execution: c.disableImmediate ?? false,
        use_api: false,
        stack: { stack: Object.keys(c.steps ?? {}), current: Object.keys(c.steps ?? {}).length },
      },
      version: 2,
    };
    const reply = await fetch(`${url}?fnId=contract-${c.fn}&stepId=${c.stepId ?? "step"}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const recorded = {
      status: reply.status,
      noRetry: reply.headers.get("x-inngest-no-retry"),
      retryAfter: reply.headers.get("retry-after"),
      body: normalise(await reply.json()),
    };
    replies[name] = recorded;
    if (!process.env.UPDATE_GOLDEN) expect(recorded).toEqual(golden[name]);
  });
});
