import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

// Async checkpointing: in one SDK call, the SDK runs sequential steps one after another and posts
// each result to /v1/checkpoint before starting the next.
describe("local Inngest server: checkpointed steps", async () => {
  const calls: Record<string, number> = {};
  const ran: string[] = [];
  const memoizedWhile: number[] = [];
  let flaky = 0;
  let releaseSlow: () => void = () => undefined;

  const h = await startHarness((client) => [
    client.createFunction(
      { id: "chain", triggers: [{ event: "test/chain" }] },
      async ({ runId, step }) => {
        calls.chain = (calls.chain ?? 0) + 1;
        let total = 0;
        for (const n of [1, 2, 3, 4, 5])
          total = await step.run(`add-${n}`, async () => {
            const { rows } = await h.db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM inngest_run, jsonb_object_keys(steps) WHERE id = $1`,
              [runId],
            );
            memoizedWhile.push(rows[0]!.n);
            return total + n;
          });
        return { total };
      },
    ),
    client.createFunction(
      { id: "flaky", retries: 2, triggers: [{ event: "test/flaky" }] },
      async ({ step }) => {
        calls.flaky = (calls.flaky ?? 0) + 1;
        const a = await step.run("a", () => {
          ran.push("a");
          return 1;
        });
        const b = await step.run("b", () => {
          ran.push("b");
          flaky += 1;
          if (flaky === 1) throw new Error("first try fails");
          return a + 1;
        });
        return step.run("c", () => {
          ran.push("c");
          return b + 1;
        });
      },
    ),
    client.createFunction(
      {
        id: "cancellable",
        triggers: [{ event: "test/cancellable" }],
        cancelOn: [{ event: "test/cancellable.stop" }],
      },
      async ({ step }) => {
        await step.run("slow", async () => {
          ran.push("slow");
          await new Promise<void>((resolve) => (releaseSlow = resolve));
          return "slow";
        });
        await step.run("after", () => {
          ran.push("after");
          return "after";
        });
      },
    ),
  ]);

  it("runs a chain of steps in one call, storing each result before the next step starts", async () => {
    await h.client.send({ name: "test/chain" });
    const run = await h.ended("chain");
    expect(run).toMatchObject({ status: "Completed", output: { total: 15 } });
    expect(calls.chain).toBe(1);
    expect(Object.keys(run.steps)).toHaveLength(5);
    // Each step found every step before it already stored: a crash then would not repeat them.
    expect(memoizedWhile).toEqual([0, 1, 2, 3, 4]);
  });

  it("a step that throws inside a checkpointed call is retried alone; finished steps are not re-run", async () => {
    await h.client.send({ name: "test/flaky" });
    const run = await h.ended("flaky", { fastForward: true });
    expect(run).toMatchObject({ status: "Completed", output: 3 });
    expect(ran.filter((step) => "abc".includes(step))).toEqual(["a", "b", "b", "c"]);
  });

  it("a run cancelled while a step runs stops there: the checkpoint is refused and nothing follows", async () => {
    await h.client.send({ name: "test/cancellable" });
    await eventually(async () => ran.includes("slow"));
    await h.client.send({ name: "test/cancellable.stop" });
    const run = await h.ended("cancellable");
    expect(run.status).toBe("Cancelled");
    releaseSlow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).not.toContain("after");
    const { rows } = await h.db.query(`SELECT status, steps FROM inngest_run WHERE id = $1`, [
      run.id,
    ]);
    expect(rows[0]).toMatchObject({ status: "Cancelled", steps: {} });
  });

  it("refuses checkpoints for calls it is not waiting for, and malformed ones", async () => {
    const post = (runId: string, body: unknown) =>
      fetch(`${h.serverUrl}/v1/checkpoint/${runId}/async`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const { id } = await h.ended("chain");
    const stale = await post(id, {
      qi_id: "1.not-a-call",
      steps: [{ op: "StepRun", id: "x", data: 1 }],
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: expect.stringMatching(/no longer current/) });
    const bad = await post(id, { qi_id: "1.x", steps: "all of them" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "steps: steps must be a list" });
    const { rows } = await h.db.query(`SELECT steps FROM inngest_run WHERE id = $1`, [id]);
    expect(Object.keys(rows[0].steps)).toHaveLength(5);
  });
});
