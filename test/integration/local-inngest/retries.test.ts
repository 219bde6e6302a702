import { NonRetriableError, RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

describe("local Inngest server: retries", async () => {
  const attempts: Record<string, number> = {};
  const count = (id: string) => (attempts[id] = (attempts[id] ?? 0) + 1);
  const failures: string[] = [];

  const h = await startHarness((client) => [
    client.createFunction(
      { id: "flaky", retries: 2, triggers: [{ event: "test/flaky" }] },
      async ({ step }) =>
        step.run("call-api", () => {
          if (count("flaky") < 3) throw new Error(`attempt ${attempts.flaky} failed`);
          return "ok on the third attempt";
        }),
    ),
    client.createFunction(
      { id: "broken", retries: 2, triggers: [{ event: "test/broken" }] },
      async ({ step }) =>
        step.run("call-api", () => {
          count("broken");
          throw new Error("the API is down");
        }),
    ),
    client.createFunction(
      {
        id: "fatal",
        retries: 4,
        triggers: [{ event: "test/fatal" }],
        onFailure: async ({ error }: { error: Error }) => {
          failures.push(error.message);
        },
      },
      async ({ step }) =>
        step.run("validate", () => {
          count("fatal");
          throw new NonRetriableError("bad input: no retry will help");
        }),
    ),
    client.createFunction(
      { id: "limited", retries: 1, triggers: [{ event: "test/limited" }] },
      async ({ step }) =>
        step.run("call-api", () => {
          if (count("limited") === 1) throw new RetryAfterError("rate limited", "45s");
          return "after the wait";
        }),
    ),
  ]);

  it("a step that fails twice succeeds on its third attempt with retries: 2", async () => {
    await h.client.send({ name: "test/flaky" });
    expect(await h.ended("flaky", { fastForward: true })).toMatchObject({
      status: "Completed",
      output: "ok on the third attempt",
    });
    expect(attempts.flaky).toBe(3);
  });

  it("a step that keeps failing fails the run after retries + 1 attempts", async () => {
    await h.client.send({ name: "test/broken" });
    const run = await h.ended("broken", { fastForward: true });
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toContain("the API is down");
    expect(attempts.broken).toBe(3);
  });

  it("NonRetriableError fails the run at once", async () => {
    await h.client.send({ name: "test/fatal" });
    const run = await h.ended("fatal", { fastForward: true });
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toContain("bad input: no retry will help");
    expect(attempts.fatal).toBe(1);
  });

  it("a failed run triggers the function's onFailure handler with the error", async () => {
    await eventually(async () => failures.length > 0);
    expect(failures).toEqual(["bad input: no retry will help"]);
  });

  it("RetryAfterError delays the retry by what it asks, not by the backoff", async () => {
    await h.client.send({ name: "test/limited" });
    const retry = await eventually(async () => {
      const { rows } = await h.db.query(
        `SELECT available_at, attempt FROM inngest_queue_item q JOIN inngest_run r ON r.id = q.run_id WHERE r.function_id = 'test-app-limited' AND q.attempt = 1`,
      );
      return rows[0] as { available_at: Date } | undefined;
    });
    const delay = new Date(retry.available_at).getTime() - h.clock.now();
    expect(delay).toBeGreaterThan(40_000);
    expect(delay).toBeLessThanOrEqual(45_000);
    h.clock.advance(46_000);
    expect(await h.ended("limited")).toMatchObject({
      status: "Completed",
      output: "after the wait",
    });
    expect(attempts.limited).toBe(2);
  });
});
