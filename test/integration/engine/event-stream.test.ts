import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { decideApproval } from "@/server/runs/decide-approval";
import { openRunEvents } from "@/server/runs/run-events";
import { cancelRun } from "@/server/runs/cancel-run";
import { deleteFlow } from "@/server/flows/flows";
import { setNodeState } from "@/server/engine/state";
import { nextChange, runEvents } from "@/server/engine/listener";
import { announce, RUN_EVENTS_CHANNEL } from "@/server/engine/run-event-writer";
import { eventually } from "../local-inngest/harness";
import { approvalNode, flowDocument, node } from "../../factories/flow-document";
import { startEngine } from "./engine-harness";
import { runEventSchema, type RunChange, type RunEvent } from "@/lib/schemas/run-event";

// tRPC's tracked(id, data) is a tuple [id, data]; read it as { id, data }.
const envelope = (event: unknown) => {
  const [id, data] = event as [string, Envelope["data"]];
  return { id, data };
};
type Envelope = {
  id: string;
  data: { type: string; nodeId: string | null; data: { status?: string }; at: Date };
};

describe("a run's event stream", async () => {
  const engine = await startEngine();
  const viewer = { teamId: engine.teamId, userId: engine.userId };

  it("a client that drops mid-run and resumes from its last event id misses nothing and repeats nothing", async () => {
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          node("first", { block: "code.javascript", config: { code: "return 1" } }),
          approvalNode("ask", { onTimeout: "reject" }),
          node("last", { block: "code.javascript", config: { code: "return 2" } }),
        ],
        edges: [
          { id: "e1", source: "first", target: "ask", sourceHandle: null },
          { id: "e2", source: "ask", target: "last", sourceHandle: "true" },
        ],
      }),
    );
    const { id } = await engine.start(flowId);
    const seen: Envelope[] = [];

    // First connection: follow live until the approval node waits, then drop the connection.
    const first = new AbortController();
    for await (const event of await openRunEvents(viewer, id, null, first.signal)) {
      seen.push(envelope(event));
      const { nodeId, data } = envelope(event).data;
      if (nodeId === "ask" && data.status === "RUNNING") {
        first.abort();
        break;
      }
    }
    await decideApproval(
      engine.teamId,
      engine.userId,
      { runId: id, nodeId: "ask", approved: true },
      engine.harness.client,
    );

    // Reconnect with the last id seen: the stream resumes and ends when the run has ended.
    for await (const event of await openRunEvents(viewer, id, seen.at(-1)!.id))
      seen.push(envelope(event));

    const stored = await db().runEvent.findMany({ where: { runId: id }, orderBy: { id: "asc" } });
    expect(seen.map((e) => e.id)).toEqual(stored.map((e) => String(e.id)));
    // Each event says when it was written, to the millisecond PostgreSQL stored.
    expect(seen.map((e) => e.data.at.getTime())).toEqual(stored.map((e) => e.createdAt.getTime()));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    const run = await db().run.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe("COMPLETED");
    expect(seen.at(-1)!.data).toMatchObject({ type: "run", data: { status: "COMPLETED" } });
    // A node that ends within RUNNING_AFTER_MS goes straight to its outcome, with its start time.
    const last = seen.filter((e) => e.data.nodeId === "last").map((e) => e.data.data);
    expect(last.map((change) => change.status)).toEqual(["COMPLETED"]);
    expect(last[0]).toHaveProperty("startedAt");
  });

  it("a client waiting for a run's end is woken by the run's own change, not by its nodes'", async () => {
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          approvalNode("ask", { onTimeout: "reject" }),
          node("later", { block: "code.javascript", config: { code: "return 1" } }),
        ],
        edges: [{ id: "e", source: "ask", target: "later", sourceHandle: "true" }],
      }),
    );
    const { id } = await engine.start(flowId);
    await eventually(() =>
      db().runEvent.findFirst({
        where: { runId: id, nodeId: "ask", data: { path: ["waiting"], equals: "approval" } },
      }),
    );
    await runEvents().ready();
    let woken = "";
    const wake = (name: string) => (woken ||= name);
    void nextChange(id, 10_000, undefined, true).then(() => wake("end waiter"));
    void nextChange(id, 10_000).then(() => wake("any change"));
    await setNodeState(id, "later", "RUNNING");
    await expect.poll(() => woken).toBe("any change");
    woken = "";
    const ended = nextChange(id, 10_000, undefined, true).then(() => wake("end waiter"));
    await setNodeState(id, "later", "COMPLETED");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(woken).toBe("");
    await cancelRun(engine.teamId, id, engine.harness.client);
    await ended;
    expect(woken).toBe("end waiter");
  });

  it("events written at the same moment by parallel nodes all reach a live reader", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `n${i}`);
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          approvalNode("ask", { onTimeout: "reject" }),
          ...ids.map((id) => node(id, { block: "code.javascript", config: { code: "return 1" } })),
        ],
        edges: ids.map((id) => ({
          id: `e-${id}`,
          source: "ask",
          target: id,
          sourceHandle: "true",
        })),
      }),
    );
    const { id } = await engine.start(flowId);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of await openRunEvents(viewer, id, null))
        seen.push(envelope(event).id);
    })();
    // The 40 nodes stay Pending behind the approval; write their states from many connections at once.
    for (const status of ["RUNNING", "COMPLETED"] as const)
      await Promise.all(ids.map((nodeId) => setNodeState(id, nodeId, status)));
    await cancelRun(engine.teamId, id, engine.harness.client);
    await reading;

    const stored = await db().runEvent.findMany({ where: { runId: id }, orderBy: { id: "asc" } });
    expect(stored.length).toBeGreaterThan(80);
    expect(seen).toEqual(stored.map((e) => String(e.id)));
  });

  it("another team's run id is not found", async () => {
    const flowId = await engine.flow(flowDocument({ nodes: [node("a")], edges: [] }));
    const { id } = await engine.start(flowId);
    await expect(openRunEvents({ ...viewer, teamId: "another-team" }, id, null)).rejects.toThrow(
      /Run not found/,
    );
  });

  it("stops delivering to a member removed from the team while the stream is open", async () => {
    const flowId = await engine.flow(
      flowDocument({ nodes: [approvalNode("ask", { onTimeout: "reject" })], edges: [] }),
    );
    const { id } = await engine.start(flowId);
    const member = await db().user.create({
      data: { name: "Soon gone", email: `gone-${id}@example.test` },
    });
    await db().membership.create({
      data: { teamId: engine.teamId, userId: member.id, role: "VIEWER" },
    });
    const seen: string[] = [];
    const stream = await openRunEvents({ teamId: engine.teamId, userId: member.id }, id, null);
    const reading = (async () => {
      for await (const event of stream) seen.push(envelope(event).data.type);
    })();
    // Everything written so far (up to the approval's wait) has been delivered: the stream idles.
    await eventually(() =>
      db().runEvent.findFirst({
        where: { runId: id, nodeId: "ask", data: { path: ["waiting"], equals: "approval" } },
      }),
    );
    const written = await db().runEvent.count({ where: { runId: id } });
    await expect.poll(() => seen.length).toBe(written);
    await db().membership.deleteMany({ where: { teamId: engine.teamId, userId: member.id } });
    const before = seen.length;
    await cancelRun(engine.teamId, id, engine.harness.client);
    await reading;
    expect(seen.length).toBe(before);
    expect(await db().runEvent.count({ where: { runId: id } })).toBeGreaterThan(before);
  });

  it("ends when its run is deleted with its flow while the stream is open", async () => {
    const flowId = await engine.flow(
      flowDocument({ nodes: [approvalNode("ask", { onTimeout: "reject" })], edges: [] }),
    );
    const { id } = await engine.start(flowId);
    const stream = await openRunEvents(viewer, id, null);
    let delivered = 0;
    const reading = (async () => {
      for await (const _ of stream) delivered += 1;
    })();
    await eventually(() =>
      db().runEvent.findFirst({
        where: { runId: id, nodeId: "ask", data: { path: ["waiting"], equals: "approval" } },
      }),
    );
    await expect.poll(() => delivered).toBeGreaterThan(0);
    await deleteFlow(engine.teamId, flowId);
    // Nothing is written for a deleted run; any announcement wakes the reader, which finds it gone.
    await db().$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${id})`;
    await reading;
    expect(await db().run.count({ where: { id } })).toBe(0);
  });

  it("every event fits the run protocol and carries what the page shows: badge, times, attempts, logs", async () => {
    let calls = 0;
    engine.route("/flaky", (_req, res) => {
      calls += 1;
      // Slow enough to show Running, then a failure; the retry ends at once.
      if (calls === 1) return void setTimeout(() => res.writeHead(503).end("busy"), 300);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          node("talk", {
            block: "code.javascript",
            config: { code: "console.log('hello'); console.warn('careful'); return 1" },
          }),
          node("flaky", {
            block: "http.request",
            retries: 1,
            retryDelaySeconds: 0,
            config: { method: "GET", url: `${engine.apiUrl}/flaky` },
          }),
        ],
        edges: [{ id: "e1", source: "talk", target: "flaky", sourceHandle: null }],
      }),
    );
    const { id } = await engine.start(flowId);
    expect((await engine.finished(id)).status).toBe("COMPLETED");
    const events: RunEvent[] = [];
    for await (const event of await openRunEvents(viewer, id, null)) {
      const { at: _at, ...rest } = envelope(event).data as unknown as RunEvent & { at: Date };
      events.push(runEventSchema.parse(rest));
    }
    const changes = (nodeId: string) =>
      events.flatMap((event) =>
        event.type === "node" && event.nodeId === nodeId ? [event.data] : [],
      );
    const flaky = changes("flaky");
    expect(flaky.map((change) => change.status)).toEqual(["RUNNING", "RETRYING", "COMPLETED"]);
    // Patched in order, the events leave the badge at the second attempt, with its times.
    expect(flaky.flatMap((change) => change.attempts ?? []).at(-1)).toBe(2);
    expect(Date.parse(flaky.at(-1)!.finishedAt!)).not.toBeNaN();
    expect(Date.parse(flaky[0]!.startedAt!)).not.toBeNaN();
    expect(Date.parse(flaky.at(-1)!.startedAt!)).toBeGreaterThan(Date.parse(flaky[0]!.startedAt!));
    const logs = changes("talk").flatMap((change) => change.logs ?? []);
    expect(logs.map((line) => [line.level, line.message])).toEqual([
      ["info", "hello"],
      ["warn", "careful"],
    ]);
    const runEnd = events.filter((event) => event.type === "run").at(-1)!.data as RunChange;
    expect(runEnd).toMatchObject({ status: "COMPLETED" });
    expect(Date.parse(runEnd.finishedAt!)).not.toBeNaN();
  });

  it("announces every change to every listener, also those announced while one announcement is on its way", async () => {
    await runEvents().ready();
    const heard: string[] = [];
    const ids = Array.from({ length: 40 }, (_, i) => `announced-${Date.now()}-${i}`);
    for (const id of ids) runEvents().on(id, (kind: string) => heard.push(`${id} ${kind}`));
    // Half in one turn of the event loop, the rest while their announcement is being sent.
    for (const id of ids.slice(0, 20)) announce(id, "node");
    await new Promise((resolve) => setImmediate(resolve));
    for (const id of ids.slice(20)) announce(id, "run");
    for (const id of ids.slice(20)) announce(id, "run");
    await expect.poll(() => heard.length).toBe(40);
    expect(heard.sort()).toEqual(
      [
        ...ids.slice(0, 20).map((id) => `${id} node`),
        ...ids.slice(20).map((id) => `${id} run`),
      ].sort(),
    );
    for (const id of ids) runEvents().removeAllListeners(id);
  });
});
