// Conformance with Inngest's own server: the cases of inngest/inngest's SDK tests (basic, serial
// steps, retry, cancel, wait for event, parallel, sleep) run against Weft's local server with a
// recorder between it and the app, and every call it sends is compared with what Inngest's server
// sends (the `server` section of test/fixtures/inngest-protocol.json, written from its source).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startHarness, type RecordedCall } from "./harness";

interface ExpectedCall {
  stepId: string;
  attempt: number;
  disableImmediate: boolean;
  stack?: string[];
  steps?: Record<string, unknown>;
  stackIsSet?: boolean;
}

const golden = (
  JSON.parse(readFileSync("test/fixtures/inngest-protocol.json", "utf8")) as {
    server: Record<string, { calls: ExpectedCall[]; status?: string }>;
  }
).server;

const STEP_NAMES = [
  "first step",
  "second step",
  "sleep",
  "test/resume",
  "a",
  "b",
  "c",
  "d",
  "x",
  "y",
];
const names = new Map(
  STEP_NAMES.map((name) => [createHash("sha1").update(name).digest("hex"), name]),
);
const named = (id: string) => names.get(id) ?? id;

/** An event stored as a wait's result, without its generated id and time. */
const withoutIds = (value: unknown) =>
  value && typeof value === "object" && "name" in value && "data" in value
    ? { name: (value as { name: unknown }).name, data: (value as { data: unknown }).data }
    : value;

/** A recorded call in the golden file's terms; a requested step's call shows only its step. */
function shape(call: RecordedCall, stackIsSet: boolean): ExpectedCall {
  const { attempt, disable_immediate_execution, stack } = call.body.ctx;
  const base = {
    stepId: named(call.stepId),
    attempt,
    disableImmediate: disable_immediate_execution,
  };
  if (call.stepId !== "step") return base;
  const stackNames = stack.stack.map(named);
  return {
    ...base,
    stack: stackIsSet ? stackNames.sort() : stackNames,
    steps: Object.fromEntries(
      Object.entries(call.body.steps).map(([id, value]) => [named(id), withoutIds(value)]),
    ),
  };
}

/** Calls of requested steps that follow each other run concurrently: their order is free. */
function sortConcurrent(calls: ExpectedCall[]): ExpectedCall[] {
  const out: ExpectedCall[] = [];
  let group: ExpectedCall[] = [];
  const flush = () => {
    out.push(...group.sort((a, b) => a.stepId.localeCompare(b.stepId)));
    group = [];
  };
  for (const call of calls) {
    if (call.stepId === "step") {
      flush();
      out.push(call);
    } else group.push(call);
  }
  flush();
  return out;
}

describe("conformance with Inngest's server: what the local server sends to the app", async () => {
  let failures = 0;
  const h = await startHarness(
    (client) => [
      client.createFunction(
        { id: "basic", triggers: [{ event: "tests/basic" }] },
        async () => "ok",
      ),
      client.createFunction(
        { id: "serial", triggers: [{ event: "tests/step.test" }] },
        async ({ step }) => {
          const first = await step.run("first step", () => "first step");
          await step.sleep("sleep", "2s");
          await step.run("second step", () => ({ first, second: true }));
          return { body: "ok" };
        },
      ),
      client.createFunction(
        { id: "retry", triggers: [{ event: "tests/retry.test" }] },
        async ({ step }) =>
          step.run("first step", () => {
            if (++failures === 1) throw new Error("broken");
            return "yes: 2";
          }),
      ),
      client.createFunction(
        {
          id: "cancel",
          retries: 10,
          triggers: [{ event: "tests/cancel.test" }],
          cancelOn: [
            {
              event: "cancel/please",
              timeout: "1h",
              if: "async.data.request_id == event.data.request_id",
            },
          ],
        },
        async ({ step }) => {
          await step.sleep("sleep", "10s");
          await step.run("a", () => "should be cancelled first");
        },
      ),
      ...["wait", "wait-timeout"].map((id) =>
        client.createFunction({ id, triggers: [{ event: `tests/${id}` }] }, async ({ step }) =>
          step.waitForEvent("test/resume", {
            event: "test/resume",
            if: "async.data.resume == true && async.data.id == event.data.id",
            timeout: "10s",
          }),
        ),
      ),
      client.createFunction(
        { id: "parallel", triggers: [{ event: "tests/parallel.test" }] },
        async ({ step }) => {
          const [a, b, c] = await Promise.all([
            step.run("a", () => "a"),
            step.run("b", () => "b"),
            step.run("c", () => "c"),
          ]);
          return { a, b, c, d: await step.run("d", () => "d") };
        },
      ),
      client.createFunction(
        { id: "lockstep", triggers: [{ event: "tests/lockstep" }] },
        async ({ step }) =>
          Promise.all([
            step.sleep("sleep", "1h"),
            (async () => {
              await step.run("x", () => "x");
              return step.run("y", () => "y");
            })(),
          ]),
      ),
      client.createFunction(
        { id: "race", triggers: [{ event: "tests/race" }] },
        async ({ step, group }) =>
          group.parallel({ mode: "race" }, () =>
            Promise.all([
              step.sleep("sleep", "1h"),
              (async () => {
                await step.run("x", () => "x");
                return step.run("y", () => "y");
              })(),
            ]),
          ),
      ),
    ],
    { record: true },
  );

  /** Waits until the server has sent nothing new for a moment. */
  async function quiet() {
    let seen = -1;
    while (seen !== h.calls.length) {
      seen = h.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function check(name: string, fnId: string) {
    const expected = golden[name]!;
    const stackIsSet = expected.calls.some((call) => call.stackIsSet);
    const recorded = h.calls.filter((call) => call.fnId === `test-app-${fnId}`);
    const strip = ({ stackIsSet: _set, ...call }: ExpectedCall) => ({
      ...call,
      ...(call.stack && stackIsSet ? { stack: [...call.stack].sort() } : {}),
    });
    expect(sortConcurrent(recorded.map((call) => shape(call, stackIsSet)))).toEqual(
      sortConcurrent(expected.calls.map(strip)),
    );
    const run = await h.ended(fnId);
    expect(run.status).toBe(expected.status ?? "Completed");
  }

  it("basic: one call", async () => {
    await h.client.send({ name: "tests/basic" });
    await h.ended("basic");
    await check("basic", "basic");
  });

  it("serial steps: the first step checkpointed, the sleep stored as null", async () => {
    await h.client.send({ name: "tests/step.test" });
    await quiet();
    h.clock.advance(3_000);
    await h.ended("serial");
    await check("serial steps", "serial");
  });

  it("retry: the same call again (stepId=step, attempt 1), then discovery at attempt 0", async () => {
    await h.client.send({ name: "tests/retry.test" });
    await h.ended("retry", { fastForward: true });
    await check("retry", "retry");
  });

  it("cancel: a matching cancel event ends the run during its sleep", async () => {
    await h.client.send({ name: "tests/cancel.test", data: { request_id: "r1" } });
    await quiet();
    await h.client.send({ name: "cancel/please", data: { request_id: "r1" } });
    await h.ended("cancel");
    h.clock.advance(20_000);
    await quiet();
    await check("cancel", "cancel");
  });

  it("wait for event: the event that matched is the step's state", async () => {
    await h.client.send({ name: "tests/wait", data: { id: "w1" } });
    await quiet();
    await h.client.send({ name: "test/resume", data: { resume: false, id: "w1" } });
    await h.client.send({ name: "test/resume", data: { resume: true, id: "w1" } });
    await h.ended("wait");
    await check("wait-for-event", "wait");
  });

  it("wait for event: a timeout stores null", async () => {
    await h.client.send({ name: "tests/wait-timeout", data: { id: "w2" } });
    await quiet();
    h.clock.advance(11_000);
    await h.ended("wait-timeout");
    await check("wait-for-event timeout", "wait-timeout");
  });

  it("parallel: planned steps, then one discovery with immediate execution back on", async () => {
    await h.client.send({ name: "tests/parallel.test" });
    await h.ended("parallel");
    await check("parallel", "parallel");
  });

  it("parallel, default mode: a branch waits for its sibling's sleep", async () => {
    await h.client.send({ name: "tests/lockstep" });
    await quiet();
    h.clock.advance(3_600_000);
    await h.ended("lockstep");
    await check("parallel, default mode: a branch waits for a sibling's sleep", "lockstep");
  });

  it("parallel, race mode: a branch goes on while its sibling sleeps", async () => {
    await h.client.send({ name: "tests/race" });
    await quiet();
    h.clock.advance(3_600_000);
    await h.ended("race");
    await check("parallel, race mode: a branch goes on while a sibling sleeps", "race");
  });
});
