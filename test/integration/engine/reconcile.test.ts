// Runs that no execution would ever finish are resumed or ended by the reconciler.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { PENDING_GRACE_MS, QUIET_MS, reconcileRuns } from "@/server/engine/reconcile";
import { findVersion, insertRun } from "@/server/engine/runs";
import { setRunState } from "@/server/engine/state";
import { approvalNode, code, flowDocument } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";
import { startEngine } from "./engine-harness";

describe("reconciling runs", async () => {
  const engine = await startEngine();
  const later = (ms: number) => new Date(Date.now() + ms + 1_000);

  async function inserted(
    document = flowDocument({ nodes: [code("a", "return 41 + 1")], edges: [] }),
  ) {
    const flowId = await engine.flow(document);
    return insertRun({
      teamId: engine.teamId,
      userId: engine.userId,
      flowId,
      version: await findVersion(engine.teamId, flowId),
      parameters: {},
      trigger: "API",
    });
  }

  it("hands a run that was accepted but never requested (a crash in between) to Inngest, once", async () => {
    const { id } = await inserted();
    expect(await reconcileRuns(engine.harness.client)).toEqual({ requested: [], abandoned: [] });
    const result = await reconcileRuns(engine.harness.client, later(PENDING_GRACE_MS));
    expect(result.requested).toContain(id);
    const run = await engine.finished(id);
    expect(run.status).toBe("COMPLETED");
    expect(run.node.a!.output).toBe(42);
    // Asked again (say two ticks raced): the same event id, so Inngest runs it only once.
    await reconcileRuns(engine.harness.client, later(PENDING_GRACE_MS));
    const executions = await engine.harness.db.query(
      `SELECT count(*)::int AS n FROM inngest_run WHERE event->'data'->>'runId' = $1`,
      [id],
    );
    expect(executions.rows[0].n).toBe(1);
  });

  it("ends a subflow run still pending after its parent ended", async () => {
    const parent = await inserted();
    await setRunState(parent.id, "FAILED", { finishedAt: new Date() }, ["PENDING"]);
    const child = await inserted();
    await db().run.update({
      where: { id: child.id },
      data: { parentRunId: parent.id, parentNodeId: "a" },
    });
    const result = await reconcileRuns(engine.harness.client, later(PENDING_GRACE_MS));
    expect(result.abandoned).toContainEqual({
      runId: child.id,
      reason: "Its parent run ended before starting it",
    });
    expect(await db().run.findUniqueOrThrow({ where: { id: child.id } })).toMatchObject({
      status: "FAILED",
      error: "Its parent run ended before starting it",
    });
    expect(result.requested).not.toContain(parent.id);
  });

  it("with the local Inngest server: ends a quiet Running run whose execution is gone, keeps one that waits", async () => {
    const lost = await inserted();
    await setRunState(lost.id, "RUNNING", { startedAt: new Date() }, ["PENDING"]);
    const waiting = await engine.start(
      await engine.flow(
        flowDocument({ nodes: [approvalNode("ask", { onTimeout: "fail" })], edges: [] }),
      ),
    );
    await eventually(() =>
      db().nodeRun.findFirst({ where: { runId: waiting.id, nodeId: "ask", status: "RUNNING" } }),
    );
    const result = await reconcileRuns(engine.harness.client, later(QUIET_MS), true);
    expect(result.abandoned).toContainEqual({ runId: lost.id, reason: "Its execution was lost" });
    expect(result.abandoned.map((a) => a.runId)).not.toContain(waiting.id);
    expect(
      await db().run.findUniqueOrThrow({ where: { id: lost.id }, include: { nodes: true } }),
    ).toMatchObject({
      status: "FAILED",
      nodes: [{ status: "CANCELLED" }],
    });
    expect((await db().run.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe(
      "RUNNING",
    );
  });
});
