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
  const engine = await startEngine({ record: true });

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
    // Without moving the clock: the sibling chain finishes while the delay is still pending (its
    // start may be recorded after the chain's end: the two branches run side by side).
    await eventually(async () => (await statusOf(id, "c")) === "COMPLETED", 15_000);
    await eventually(async () => (await statusOf(id, "wait")) === "RUNNING");
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

  // Weft's run ends inside the function's last step; the local server records that call's steps
  // (and the call) once the SDK has answered it, so read them after the Inngest run has ended.
  const inngestRunOf = (runId: string) =>
    eventually(async () => {
      const { rows } = await engine.harness.db.query<{ id: string; steps: number }>(
        `SELECT id, jsonb_array_length(stack) AS steps FROM inngest_run
         WHERE function_id = 'test-app-flow-run' AND event->'data'->>'runId' = $1
           AND status <> 'Running'`,
        [runId],
      );
      return rows[0];
    });
  const callsOf = async (runId: string) => {
    const { id } = await inngestRunOf(runId);
    return engine.harness.calls.filter((call) => call.body.ctx.run_id === id);
  };

  it("a fan-out of plain nodes shares one step: the whole run is one call", async () => {
    const leaves = ["a", "b", "c", "d", "e", "f"];
    const run = await engine.run(
      flowDocument({
        nodes: [code("root", "return 1"), ...leaves.map((id) => code(id, `return '${id}'`))],
        edges: leaves.map((id) => edge("root", id)),
      }),
    );
    expect(run.status).toBe("COMPLETED");
    for (const id of leaves) expect(run.node[id]!.output).toBe(id);
    // With a step per leaf: a call planning them, one per leaf and one after the last (8).
    expect(await callsOf(run.id)).toHaveLength(1);
  });

  it("a chain of plain nodes shares one step, each node still recorded before the next starts", async () => {
    const ids = ["a", "b", "c", "d", "e"];
    const run = await engine.run(
      flowDocument({
        nodes: [
          code("a", "return 1"),
          ...ids.slice(1).map((id) => code(id, "return input + 1")),
          // Retries make a node a step of its own: the chain ends before it.
          { ...code("retried", "return input * 10"), retries: 1 },
        ],
        edges: [...ids.slice(1).map((id, i) => edge(ids[i]!, id)), edge("e", "retried")],
      }),
    );
    expect(run.status).toBe("COMPLETED");
    expect(ids.map((id) => run.node[id]!.output)).toEqual([1, 2, 3, 4, 5]);
    expect(run.node.retried!.output).toBe(50);
    const time = (value: Date | string | null | undefined) => new Date(value!).getTime();
    for (const [i, id] of ids.slice(1).entries())
      expect(time(run.node[id]!.startedAt)).toBeGreaterThanOrEqual(
        time(run.node[ids[i]!]!.finishedAt),
      );
    // load, the chain a..e, retried, finish: a step per node would make 8.
    expect((await inngestRunOf(run.id)).steps).toBe(4);
  });

  it("a chain's node sees the outputs before it as stored, also those it takes from the node it follows", async () => {
    const run = await engine.run(
      flowDocument({
        nodes: [
          code("a", "return { zz: 1, a: 2, mid: [3] }"),
          // PostgreSQL's jsonb orders keys (shorter first): what a read of the row gives.
          code("b", "return Object.keys(input).join(',')"),
          code("c", "return nodes.a.output.mid[0] + input.length + Object.keys(nodes).length"),
          { ...code("retried", "return Object.keys(nodes.a.output).join(',')"), retries: 1 },
        ],
        edges: [edge("a", "b"), edge("b", "c"), edge("c", "retried")],
      }),
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.node.b!.output).toBe("a,zz,mid");
    expect(run.node.c!.output).toBe(3 + 8 + 2);
    // The node after the chain, in a step of its own, reads the same from the database.
    expect(run.node.retried!.output).toBe("a,zz,mid");
    expect((await inngestRunOf(run.id)).steps).toBe(4);
  });

  it("short delays on parallel branches wait side by side in one step, the join after all", async () => {
    const delays = ["d1", "d2", "d3", "d4"];
    const run = await engine.run(
      flowDocument({
        nodes: [
          code("start", "return 1"),
          ...delays.map((id) => node(id, { block: "flow.delay", config: { seconds: 0.3 } })),
          code("join", "return Object.keys(nodes).length"),
        ],
        edges: delays.flatMap((id) => [edge("start", id), edge(id, "join")]),
      }),
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.node.join!.output).toBe(5);
    const time = (value: Date | string | null | undefined) => new Date(value!).getTime();
    const starts = delays.map((id) => time(run.node[id]!.startedAt));
    const ends = delays.map((id) => time(run.node[id]!.finishedAt));
    for (const [i, id] of delays.entries()) {
      expect(ends[i]! - starts[i]!).toBeGreaterThanOrEqual(300);
      expect(run.node[id]!.output).toMatchObject({ waitedUntil: expect.any(String) });
    }
    // Side by side: one after another, the last would start 900 ms after the first.
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(300);
    expect(time(run.node.join!.startedAt)).toBeGreaterThanOrEqual(Math.max(...ends));
    expect(await callsOf(run.id)).toHaveLength(1);
  });

  it("a delay too long to wait in a step stays a durable sleep, on its own", async () => {
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          code("start", "return 1"),
          node("short", { block: "flow.delay", config: { seconds: 0.1 } }),
          // Far beyond where the other tests' fast-forwards moved the local server's clock.
          node("long", { block: "flow.delay", config: { seconds: 365 * 86_400 } }),
          code("join", "return 'joined'"),
        ],
        edges: [
          edge("start", "short"),
          edge("start", "long"),
          edge("short", "join"),
          edge("long", "join"),
        ],
      }),
    );
    const { id } = await engine.start(flowId);
    await eventually(async () => (await statusOf(id, "short")) === "COMPLETED", 15_000);
    expect(await statusOf(id, "long")).toBe("RUNNING");
    expect(await statusOf(id, "join")).toBe("PENDING");
    await cancelRun(engine.teamId, id, engine.harness.client);
    expect((await engine.finished(id)).status).toBe("CANCELLED");
  });

  it("gives up on a run that outlives the flow's time limit: Failed, with why, nothing left running", async () => {
    const flowId = await engine.flow({
      ...flowDocument({
        nodes: [
          // Far beyond what the fast-forward below reaches, however slowly the time limit acts.
          node("wait", { block: "flow.delay", config: { seconds: 30 * 86_400 } }),
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
    // Only flows with a limit start the deadline function (the earlier runs here had none).
    const { rows: deadlines } = await engine.harness.db.query(
      `SELECT 1 FROM inngest_run WHERE function_id = 'test-app-run-deadline'`,
    );
    expect(deadlines).toHaveLength(1);
    // Inngest's run of the flow was cancelled too: nothing of it runs later.
    await eventually(async () => {
      const { rows } = await engine.harness.db.query<{ status: string }>(
        `SELECT status FROM inngest_run WHERE function_id = 'test-app-flow-run' AND event->'data'->>'runId' = $1`,
        [id],
      );
      return rows[0]?.status === "Cancelled";
    });
  });

  it("a for-each subflow of many items takes a handful of the parent's steps, never over its concurrency", async () => {
    const child = await engine.flow(
      flowDocument({
        name: "Double",
        parameters: [{ name: "item", type: "number", required: true, description: "" }],
        nodes: [code("double", "return params.item * 2")],
        edges: [],
      }),
    );
    const items = Array.from({ length: 40 }, (_, i) => i + 1);
    const run = await engine.run(
      flowDocument({
        nodes: [
          code("list", `return ${JSON.stringify(items)}`),
          node("each", {
            block: "flow.subflow",
            config: { flowId: child, forEach: "{{ nodes.list.output }}", concurrency: 3 },
          }),
          code("sum", "return input.reduce((total, r) => total + r.result.double, 0)"),
        ],
        edges: [edge("list", "each"), edge("each", "sum")],
      }),
      {},
      { timeoutMs: 60_000 },
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.node.sum!.output).toBe(40 * 41);
    // Two steps per item before: 80 here, 20,000 for 10,000 items (Inngest stops a run at 1,000).
    expect((await inngestRunOf(run.id)).steps).toBeLessThanOrEqual(10);
    const children = await db().run.findMany({
      where: { parentRunId: run.id },
      orderBy: { id: "asc" },
      select: { startedAt: true, finishedAt: true },
    });
    expect(children).toHaveLength(40);
    // The most children running at one instant: a sweep over starts (+1) and ends (-1).
    const moments = children
      .flatMap((child) => [
        [child.startedAt!.getTime(), 1],
        [child.finishedAt!.getTime(), -1],
      ])
      .sort(([a, da], [b, db]) => a! - b! || da! - db!);
    let running = 0;
    let overlap = 0;
    for (const [, delta] of moments) overlap = Math.max(overlap, (running += delta!));
    expect(overlap).toBeLessThanOrEqual(3);
  }, 90_000);

  it("cancelling a run cancels its subflow children and theirs; children waiting their turn never start", async () => {
    const grandchild = await engine.flow(
      flowDocument({
        name: "Wait",
        // An approval waits by the local server's clock (earlier tests here moved it on by hours).
        nodes: [approvalNode("nap", { onTimeout: "reject" })],
        edges: [],
      }),
    );
    const child = await engine.flow(
      flowDocument({
        name: "Nest",
        parameters: [{ name: "item", type: "number", required: true, description: "" }],
        nodes: [node("deeper", { block: "flow.subflow", config: { flowId: grandchild } })],
        edges: [],
      }),
    );
    const parent = await engine.flow(
      flowDocument({
        nodes: [
          node("each", {
            block: "flow.subflow",
            config: { flowId: child, forEach: "{{ [1, 2] }}", concurrency: 1 },
          }),
        ],
        edges: [],
      }),
    );
    const { id } = await engine.start(parent);
    const napping = await eventually(
      async () =>
        (await db().nodeRun.findFirst({ where: { nodeId: "nap", status: "RUNNING" } })) ??
        undefined,
    );
    await cancelRun(engine.teamId, id, engine.harness.client);
    const children = await db().run.findMany({
      where: { parentRunId: id },
      orderBy: { id: "asc" },
    });
    expect(children.map((run) => run.status)).toEqual(["CANCELLED", "CANCELLED"]);
    expect(children[1]!.startedAt).toBeNull();
    const grandchildRun = await db().run.findUniqueOrThrow({ where: { id: napping.runId } });
    expect([grandchildRun.status, grandchildRun.parentRunId]).toEqual([
      "CANCELLED",
      children[0]!.id,
    ]);
    // Nothing of them runs on: their Inngest executions end too.
    await eventually(async () => {
      const { rows } = await engine.harness.db.query<{ status: string }>(
        `SELECT status FROM inngest_run WHERE function_id = 'test-app-flow-run' AND event->'data'->>'runId' = ANY($1)`,
        [[id, children[0]!.id, napping.runId]],
      );
      return rows.length === 3 && rows.every((row) => row.status === "Cancelled");
    });
  });
});
