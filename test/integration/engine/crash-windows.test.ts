// The window that left runs stuck after a crash: a node's outcome was committed to Weft's tables
// but the step's result never reached Inngest. On replay the step must return what the node's row
// says (never "cancelled"), so the run goes on and ends; the node never runs again.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finishRun } from "@/server/engine/lifecycle";
import { decideApproval } from "@/server/runs/decide-approval";
import { findVersion, insertRun, requestRun } from "@/server/engine/runs";
import { setNodeState, setRunState } from "@/server/engine/state";
import { approvalNode, code, edge, flowDocument, node } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";
import { startEngine } from "./engine-harness";

describe("a node committed before a crash, its step result lost", async () => {
  const engine = await startEngine();
  const calls: Record<string, number> = {};
  engine.route("/count", (req, res) => {
    const name = new URL(req.url!, "http://x").searchParams.get("n") ?? "?";
    calls[name] = (calls[name] ?? 0) + 1;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name }));
  });
  const counted = (id: string) =>
    node(id, {
      block: "http.request",
      config: { method: "GET", url: `${engine.apiUrl}/count?n=${id}` },
    });

  /**
   * Runs `document` behind an approval gate. While the run waits at the gate (it has started, so
   * nothing is preset), `committed` writes node rows as a crashed execution would have, with no
   * step result in Inngest; then the gate opens and the flow-run function reaches those nodes.
   */
  async function replay(
    document: ReturnType<typeof flowDocument>,
    committed: (runId: string) => Promise<unknown>,
  ) {
    const first = document.nodes.filter((n) => !document.edges.some((e) => e.target === n.id));
    const gated = {
      ...document,
      nodes: [approvalNode("gate", { onTimeout: "fail" }), ...document.nodes],
      edges: [...document.edges, ...first.map((n) => edge("gate", n.id, "true"))],
    };
    const { id } = await engine.start(await engine.flow(gated));
    await eventually(() =>
      db().runEvent.findFirst({
        where: { runId: id, nodeId: "gate", data: { path: ["waiting"], equals: "approval" } },
      }),
    );
    await committed(id);
    await decideApproval(
      engine.teamId,
      engine.userId,
      { runId: id, nodeId: "gate", approved: true },
      engine.harness.client,
    );
    return engine.finished(id);
  }

  it("a completed node is not run again, its downstream runs, the run completes", async () => {
    const run = await replay(
      flowDocument({
        nodes: [counted("first"), counted("second")],
        edges: [edge("first", "second")],
      }),
      async (runId) => {
        await setNodeState(runId, "first", "RUNNING", { attempts: 1, startedAt: new Date() });
        await setNodeState(runId, "first", "COMPLETED", {
          output: { name: "first" },
          finishedAt: new Date(),
        });
      },
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.node.first).toMatchObject({ status: "COMPLETED", output: { name: "first" } });
    expect(run.node.second!.status).toBe("COMPLETED");
    expect(calls.first).toBeUndefined();
    expect(calls.second).toBe(1);
  });

  it("a condition's committed branch is the branch taken", async () => {
    const run = await replay(
      flowDocument({
        nodes: [
          node("check", { block: "logic.condition", config: { expression: "true" } }),
          counted("yes"),
          counted("no"),
        ],
        edges: [edge("check", "yes", "true"), edge("check", "no", "false")],
      }),
      (runId) =>
        setNodeState(runId, "check", "COMPLETED", { output: { result: false }, branch: "false" }),
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.node.yes!.status).toBe("SKIPPED");
    expect(run.node.no!.status).toBe("COMPLETED");
  });

  it("a node that had failed for good fails the run instead of leaving it running", async () => {
    const run = await replay(
      flowDocument({
        nodes: [counted("broken"), counted("after")],
        edges: [edge("broken", "after")],
      }),
      (runId) =>
        setNodeState(runId, "broken", "FAILED", {
          error: { message: "it broke" },
          finishedAt: new Date(),
        }),
    );
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe('Node "broken" failed: it broke');
    expect(calls.broken).toBeUndefined();
    expect(run.node.after!.status).toBe("SKIPPED");
  });

  it("a durable node (delay) that had ended is not waited for again", async () => {
    const run = await replay(
      flowDocument({
        nodes: [
          node("wait", { block: "flow.delay", config: { seconds: 3600 } }),
          code("done", "return 1"),
        ],
        edges: [edge("wait", "done")],
      }),
      (runId) => setNodeState(runId, "wait", "COMPLETED", { output: { waitedUntil: "then" } }),
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.node.done!.output).toBe(1);
  });

  it("an outcome of 'cancelled' for a run nobody cancelled fails the run with a reason", async () => {
    const flowId = await engine.flow(flowDocument({ nodes: [code("a", "return 1")], edges: [] }));
    const version = await findVersion(engine.teamId, flowId);
    const { id } = await insertRun({
      teamId: engine.teamId,
      userId: engine.userId,
      flowId,
      version,
      parameters: {},
      trigger: "MANUAL",
    });
    await setRunState(id, "RUNNING", {}, ["PENDING"]);
    const skeleton = {
      nodes: [{ id: "a", block: "code.javascript", retries: 0, retryDelaySeconds: 1 }],
      edges: [],
    };
    expect(await finishRun(id, skeleton, { a: { status: "cancelled" } })).toMatchObject({
      status: "FAILED",
    });
    expect(await db().run.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "FAILED",
      error: 'Node "a" stopped without an outcome while the run was running',
    });
  });

  it("a run whose execution Inngest gives up on ends Failed with the reason", async () => {
    const flowId = await engine.flow(flowDocument({ nodes: [code("a", "return 1")], edges: [] }));
    const version = await findVersion(engine.teamId, flowId);
    // A version whose stored document cannot be read: every attempt of the run's first step throws.
    const broken = await db().flowVersion.create({
      data: { flowId, number: 2, document: { nodes: 5 } },
    });
    const { id } = await insertRun({
      teamId: engine.teamId,
      userId: engine.userId,
      flowId,
      version: { ...version, id: broken.id, number: 2 },
      parameters: {},
      trigger: "MANUAL",
    });
    await requestRun(id, engine.harness.client);
    const run = await eventually(async () => {
      engine.harness.clock.advance(60_000); // past every retry's backoff
      const row = await db().run.findUniqueOrThrow({ where: { id }, include: { nodes: true } });
      return row.status === "RUNNING" || row.status === "PENDING" ? undefined : row;
    }, 30_000);
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(/^Execution stopped after repeated errors: .*nodes\.map/);
    expect(run.nodes[0]!.status).toBe("CANCELLED");
  });
});
