// On Inngest (Cloud or `inngest start`) the steps of one parallel plan move in lockstep: the next
// discovery waits for every one of them unless a step is in race mode. The local server schedules
// the same way, so these prove Weft's promise on the production scheduler: each branch advances on
// its own.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { cancelRun } from "@/server/runs/cancel-run";
import { approvalNode, code, edge, flowDocument, node } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";
import { startEngine } from "./engine-harness";

const statusOf = async (runId: string, nodeId: string) =>
  (await db().nodeRun.findFirst({ where: { runId, nodeId } }))?.status;

describe("engine: branches advance on their own on Inngest's scheduler", async () => {
  const engine = await startEngine();

  it("a branch with a 1 h delay does not delay its sibling branch", async () => {
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          code("root", "return 1"),
          node("wait", { block: "flow.delay", config: { seconds: 3600 } }),
          code("afterWait", "return 'late'"),
          code("a", "return 'a'"),
          code("b", "return 'b'"),
          code("c", "return 'c'"),
        ],
        edges: [
          edge("root", "wait"),
          edge("wait", "afterWait"),
          edge("root", "a"),
          edge("a", "b"),
          edge("b", "c"),
        ],
      }),
    );
    const { id } = await engine.start(flowId);
    // Without moving the clock: the sibling chain finishes while the delay is still pending.
    await eventually(async () => (await statusOf(id, "c")) === "COMPLETED", 15_000);
    expect(await statusOf(id, "wait")).toBe("RUNNING");
    expect(await statusOf(id, "afterWait")).toBe("PENDING");
    const run = await engine.finished(id, { fastForward: true });
    expect(run.status).toBe("COMPLETED");
    expect(run.node.afterWait!.output).toBe("late");
  });

  it("a pending approval on one branch does not hold up the other", async () => {
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          code("root", "return 1"),
          approvalNode("approve", { onTimeout: "reject" }),
          code("x", "return 'x'"),
          code("y", "return 'y'"),
          code("z", "return 'z'"),
        ],
        edges: [edge("root", "approve"), edge("root", "x"), edge("x", "y"), edge("y", "z")],
      }),
    );
    const { id } = await engine.start(flowId);
    await eventually(async () => (await statusOf(id, "z")) === "COMPLETED", 15_000);
    expect(await statusOf(id, "approve")).toBe("RUNNING");
    await cancelRun(engine.teamId, id, engine.harness.client);
    expect((await engine.finished(id)).status).toBe("CANCELLED");
  });

  it("gives up on a run that outlives the flow's time limit: Failed, with why, nothing left running", async () => {
    const flowId = await engine.flow({
      ...flowDocument({
        nodes: [
          node("wait", { block: "flow.delay", config: { seconds: 3600 } }),
          code("after", "return 'too late'"),
        ],
        edges: [edge("wait", "after")],
      }),
      giveUpAfterSeconds: 120,
    });
    const { id } = await engine.start(flowId);
    await eventually(async () => (await statusOf(id, "wait")) === "RUNNING");
    const run = await engine.finished(id, { fastForward: true });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("Gave up: still running after 2 minutes, the flow's time limit");
    expect(run.node.wait!.status).toBe("CANCELLED");
    expect(run.node.after).toMatchObject({ status: "CANCELLED", startedAt: null });
    // Inngest's run of the flow was cancelled too: nothing of it runs later.
    await eventually(async () => {
      const { rows } = await engine.harness.db.query<{ status: string }>(
        `SELECT status FROM inngest_run WHERE function_id = 'test-app-flow-run' AND event->'data'->>'runId' = $1`,
        [id],
      );
      return rows[0]?.status === "Cancelled";
    });
  });
});
