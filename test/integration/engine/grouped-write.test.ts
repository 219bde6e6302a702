// Parallel nodes of one run that write at the same moment commit together, and each write keeps
// its own outcome.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { pool } from "@/server/db/pool";
import { setNodeState } from "@/server/engine/state";
import type { NodeStatus } from "@/server/db/generated/client";
import { createTeamWithOwner, storedRun } from "../../factories";

describe("writes of a run's parallel nodes", async () => {
  const { team, caller } = await createTeamWithOwner("Grouped writes");
  const flow = await caller.flow.create({ name: "Fan-out" });
  const ids = Array.from({ length: 10 }, (_, i) => `n${i}`);
  const runningRun = async () => {
    const run = await storedRun(team.id, flow.id, { status: "RUNNING" });
    await db().nodeRun.createMany({ data: ids.map((nodeId) => ({ runId: run.id, nodeId })) });
    return run.id;
  };
  /** The transactions that wrote the run's events (rows of one transaction share its xmin). */
  const transactions = async (runId: string) => {
    const { rows } = await pool().query<{ count: number }>(
      `SELECT count(DISTINCT xmin::text)::int AS count FROM "RunEvent" WHERE "runId" = $1`,
      [runId],
    );
    return rows[0]!.count;
  };

  it("ten nodes ending at once: the first commits alone, the nine queued behind it together", async () => {
    const runId = await runningRun();
    const written = await Promise.all(
      ids.map((id) => setNodeState(runId, id, "COMPLETED", { output: { id } })),
    );
    expect(written).toEqual(ids.map(() => true));
    const nodes = await db().nodeRun.findMany({ where: { runId }, orderBy: { nodeId: "asc" } });
    expect(nodes.map((node) => [node.status, node.output])).toEqual(
      ids.map((id) => ["COMPLETED", { id }]),
    );
    expect(await db().runEvent.count({ where: { runId } })).toBe(10);
    expect(await transactions(runId)).toBe(2);
    // Each write still applies only once: the same outcome again changes nothing.
    expect(await setNodeState(runId, "n3", "COMPLETED", { output: "again" })).toBe(false);
  });

  it("a write that fails in a shared transaction fails alone; the others are written", async () => {
    const runId = await runningRun();
    const first = setNodeState(runId, "n0", "RUNNING");
    const queued = [
      setNodeState(runId, "n1", "COMPLETED"),
      setNodeState(runId, "n2", "NOT A STATUS" as NodeStatus),
      setNodeState(runId, "n3", "COMPLETED"),
    ];
    const [one, bad, three] = (await Promise.allSettled(queued)) as [
      PromiseSettledResult<boolean>,
      PromiseRejectedResult,
      PromiseSettledResult<boolean>,
    ];
    expect(await first).toBe(true);
    expect(one).toEqual({ status: "fulfilled", value: true });
    expect(three).toEqual({ status: "fulfilled", value: true });
    expect(bad.status).toBe("rejected");
    expect(String(bad.reason)).toMatch(/NodeStatus/);
    const nodes = await db().nodeRun.findMany({ where: { runId }, orderBy: { nodeId: "asc" } });
    expect(nodes.slice(0, 4).map((node) => node.status)).toEqual([
      "RUNNING",
      "COMPLETED",
      "PENDING",
      "COMPLETED",
    ]);
    // The writer is free again: the next write of the run goes at once.
    expect(await setNodeState(runId, "n2", "COMPLETED")).toBe(true);
  });

  it("writes of different runs are not grouped: each run's queue is its own", async () => {
    const [a, b] = await Promise.all([runningRun(), runningRun()]);
    await Promise.all([
      setNodeState(a, "n0", "COMPLETED"),
      setNodeState(b, "n0", "COMPLETED"),
      setNodeState(b, "n1", "COMPLETED"),
      setNodeState(a, "n1", "COMPLETED"),
    ]);
    expect([await transactions(a), await transactions(b)]).toEqual([2, 2]);
  });
});
