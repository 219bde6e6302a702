import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { runStats } from "@/server/dashboards/stats";
import { flowActivity } from "@/server/flows/activity";
import { listPins, pinOutput, unpinOutput } from "@/server/flows/pins";
import { sampleData } from "@/server/flows/sample";
import { listVersions } from "@/server/flows/versions";
import { listRuns } from "@/server/runs/read-runs";
import { rerunFromFailure } from "@/server/runs/rerun-from-failure";
import { runNodeAlone } from "@/server/runs/run-node-alone";
import { pruneTestRuns, startTestRun } from "@/server/runs/test-run";
import { code, edge, flowDocument, node } from "../../factories/flow-document";
import { createTeamWithOwner } from "../../factories";
import { startEngine } from "./engine-harness";

describe("test runs of an unsaved draft, with pinned data", async () => {
  const engine = await startEngine();
  let calls = 0;
  engine.route("/items", (_req, res) => {
    calls += 1;
    res.writeHead(200, { "content-type": "application/json" }).end('{"items":[1,2,3]}');
  });
  const saved = flowDocument({
    nodes: [
      node("fetch", {
        block: "http.request",
        config: { method: "GET", url: `${engine.apiUrl}/items` },
      }),
      code("sum", "return input.body.items.reduce((a, b) => a + b, 0)"),
    ],
    edges: [edge("fetch", "sum")],
  });
  const test = (flowId: string, input: Record<string, unknown>) =>
    startTestRun(
      engine.teamId,
      engine.userId,
      { flowId, downstream: false, document: saved, ...input },
      engine.harness.client,
    ).then((run) => engine.finished(run.id));

  it("runs the draft without saving a version; lists, dashboards and activity leave it out", async () => {
    const flowId = await engine.flow(saved);
    const draft = {
      ...saved,
      nodes: [...saved.nodes, code("double", "return input * 2")],
      edges: [...saved.edges, edge("sum", "double")],
    };
    const run = await test(flowId, { document: draft });
    expect(run.status).toBe("COMPLETED");
    expect(run.trigger).toBe("TEST");
    expect(run.node.double!.output).toBe(12);
    expect(run.document.nodes.map((n) => n.id)).toEqual(["fetch", "sum", "double"]);
    expect(run.version).toBeLessThan(0);
    // The history still has only version 1 and the flow's latest is still 1.
    expect((await listVersions(engine.teamId, flowId)).map((v) => v.number)).toEqual([1]);
    expect((await db().flow.findUniqueOrThrow({ where: { id: flowId } })).latestVersion).toBe(1);
    const listed = await listRuns(engine.teamId, { flowId, limit: 50 });
    expect(listed.runs).toHaveLength(0);
    const tests = await listRuns(engine.teamId, { flowId, trigger: "TEST", limit: 50 });
    expect(tests.runs.map((r) => r.id)).toEqual([run.id]);
    expect((await flowActivity(engine.teamId))[flowId]?.lastRun ?? null).toBeNull();
    const stats = await runStats(engine.teamId, { flowId, days: 7 });
    expect(stats.totals.completed).toBe(0);
    // A test is re-run by testing again, and never feeds a real run.
    await expect(rerunFromFailure(engine.teamId, engine.userId, run.id)).rejects.toThrow(
      /testing the draft again/,
    );
    await expect(
      runNodeAlone(
        engine.teamId,
        engine.userId,
        { flowId, nodeId: "sum", fromRunId: run.id, downstream: false },
        engine.harness.client,
      ),
    ).rejects.toThrow(/only feed other tests/);
  });

  it("uses pinned outputs instead of running the nodes, in tests only", async () => {
    const flowId = await engine.flow(saved);
    await pinOutput(engine.teamId, engine.userId, {
      flowId,
      nodeId: "fetch",
      output: { body: { items: [10, 20] } },
    });
    calls = 0;
    const run = await test(flowId, {});
    expect(run.node.fetch).toMatchObject({ status: "COMPLETED", attempts: 0 });
    expect(run.node.sum!.output).toBe(30);
    expect(run.pinned).toEqual(["fetch"]);
    expect(calls).toBe(0);
    // A real run of the saved version never sees the pin.
    const real = await engine.finished((await engine.start(flowId)).id);
    expect(real.node.sum!.output).toBe(6);
    expect(calls).toBe(1);
    // What the editor completes and previews from: the latest run, pinned outputs first.
    const sample = await sampleData(engine.teamId, flowId);
    expect(sample.runId).toBe(real.id);
    expect(sample.outputs).toEqual({ fetch: { body: { items: [10, 20] } }, sum: 6 });
    expect(sample.pinned).toEqual(["fetch"]);
    // Pin from a run: the real fetch's output; then unpin.
    await pinOutput(engine.teamId, engine.userId, { flowId, nodeId: "sum", fromRunId: real.id });
    const pins = await listPins(engine.teamId, flowId);
    expect(pins.map((pin) => [pin.nodeId, pin.output])).toEqual([
      ["fetch", { body: { items: [10, 20] } }],
      ["sum", 6],
    ]);
    await unpinOutput(engine.teamId, flowId, "fetch");
    await unpinOutput(engine.teamId, flowId, "sum");
    expect(await listPins(engine.teamId, flowId)).toEqual([]);
  });

  it("tests one node with its upstream from pins, then the latest run; refuses when there is none", async () => {
    const flowId = await engine.flow(saved);
    await expect(test(flowId, { nodeId: "sum" })).rejects.toThrow(
      /No output to start from for fetch: run the flow once or pin data on it/,
    );
    await pinOutput(engine.teamId, engine.userId, {
      flowId,
      nodeId: "fetch",
      output: { body: { items: [5] } },
    });
    calls = 0;
    const alone = await test(flowId, { nodeId: "sum" });
    expect(alone.node.sum!.output).toBe(5);
    expect(alone.onlyNodes).toEqual(["sum"]);
    await unpinOutput(engine.teamId, flowId, "fetch");
    const real = await engine.finished((await engine.start(flowId)).id);
    const edited = {
      ...saved,
      nodes: [saved.nodes[0]!, code("sum", "return input.body.items.length")],
    };
    calls = 0;
    const again = await test(flowId, { nodeId: "sum", document: edited });
    expect(again.rerunOfId).toBe(real.id);
    expect(again.node.sum!.output).toBe(3);
    expect(calls).toBe(0);
  });

  it("a pinned condition takes its branch from the pinned result", async () => {
    const document = flowDocument({
      nodes: [
        node("check", { block: "logic.condition", config: { expression: "true" } }),
        code("yes", "return 'yes'"),
        code("no", "return 'no'"),
      ],
      edges: [edge("check", "yes", "true"), edge("check", "no", "false")],
    });
    const flowId = await engine.flow(document);
    await pinOutput(engine.teamId, engine.userId, {
      flowId,
      nodeId: "check",
      output: { result: false },
    });
    const run = await test(flowId, { document });
    expect(run.node.yes!.status).toBe("SKIPPED");
    expect(run.node.no!.output).toBe("no");
  });

  it("refuses bad input clearly and writes nothing", async () => {
    const flowId = await engine.flow(saved);
    const before = await db().flowVersion.count({ where: { flowId } });
    await expect(test(flowId, { document: { ...saved, nodes: "x" } })).rejects.toThrow(/nodes/);
    await expect(
      test(flowId, {
        document: {
          ...saved,
          nodes: [node("fetch", { block: "http.request", config: {} })],
          edges: [],
        },
      }),
    ).rejects.toThrow(/This draft cannot run until it is fixed: fetch:/);
    await expect(test(flowId, { nodeId: "ghost" })).rejects.toThrow(/no node "ghost"/);
    expect(await db().flowVersion.count({ where: { flowId } })).toBe(before);
    await expect(
      pinOutput(engine.teamId, engine.userId, {
        flowId,
        nodeId: "sum",
        output: "x".repeat(1_100_000),
      }),
    ).rejects.toThrow(/pinned data may be at most 1 MB/);
    // Another team sees neither the flow nor its pins.
    const other = await createTeamWithOwner();
    await expect(listPins(other.team.id, flowId)).rejects.toThrow(/not found/i);
    await expect(
      startTestRun(other.team.id, other.owner.id, { flowId, document: saved, downstream: false }),
    ).rejects.toThrow(/not found/i);
    await expect(
      pinOutput(other.team.id, other.owner.id, { flowId, nodeId: "sum", output: 1 }),
    ).rejects.toThrow(/not found/i);
  });

  it("deletes test runs after a week and the snapshots no run points at", async () => {
    const flowId = await engine.flow(saved);
    const old = await test(flowId, {});
    const recent = await test(flowId, {});
    await db().run.update({
      where: { id: old.id },
      data: { createdAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    await db().flowVersion.updateMany({
      where: { flowId, test: true },
      data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    await pruneTestRuns(engine.teamId);
    expect(await db().run.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db().run.findUnique({ where: { id: recent.id } })).not.toBeNull();
    const snapshots = await db().flowVersion.findMany({ where: { flowId, test: true } });
    expect(snapshots.map((v) => v.number)).toEqual([recent.version]);
  });
});
