// Weft's flow-run function served by a real `inngest` serve() handler and driven by the local
// Inngest server, against this test file's database; plus a loopback HTTP server standing in for
// third-party APIs.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import { db } from "@/server/db/client";
import { createSubflowChildFunction } from "@/server/blocks/subflow";
import { createDeadlineFunction } from "@/server/engine/deadline";
import { createFlowRunFunction } from "@/server/engine/flow-run";
import { getRun } from "@/server/runs/read-runs";
import { startRun } from "@/server/runs/start-run";
import { createTeamWithOwner } from "../../factories";
import { startHarness } from "../local-inngest/harness";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** The engine on the local server; `record` keeps every call the server makes (harness.calls). */
export async function startEngine({ record = false } = {}) {
  const harness = await startHarness(
    (client) => [
      createFlowRunFunction(client),
      createDeadlineFunction(client),
      createSubflowChildFunction(client),
    ],
    { record },
  );
  const { owner, team } = await createTeamWithOwner();
  const routes = new Map<string, Handler>();
  const api = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const handler = routes.get(new URL(req.url!, "http://x").pathname);
      if (handler) handler(req, res, body);
      else res.writeHead(404).end("no route");
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  afterAll(() => {
    api.closeAllConnections();
    api.close();
  });

  const engine = {
    harness,
    teamId: team.id,
    userId: owner.id,
    apiUrl,
    /** Serves `path` on the stand-in API. */
    route(path: string, handler: Handler) {
      routes.set(path, handler);
    },
    /** A flow whose version 1 is `document`, stored as is (even blocks this Weft does not know). */
    async flow(document: FlowDocument) {
      const flow = await db().flow.create({
        data: {
          teamId: team.id,
          name: document.name,
          latestVersion: 1,
          versions: { create: { number: 1, document: document as never } },
        },
      });
      return flow.id;
    },
    start(flowId: string, parameters: Record<string, unknown> = {}) {
      return startRun(
        { teamId: team.id, userId: owner.id, trigger: "MANUAL" },
        { flowId, parameters },
        harness.client,
      );
    },
    /** Waits for the run to end; with `fastForward` the clock jumps a minute per poll (sleeps). */
    async finished(runId: string, { timeoutMs = 15_000, fastForward = false } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = await getRun(team.id, runId);
        if (["COMPLETED", "FAILED", "CANCELLED"].includes(run.status)) return withNodes(run);
        if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
        if (fastForward) harness.clock.advance(60_000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async run(document: FlowDocument, parameters: Record<string, unknown> = {}, options = {}) {
      const flowId = await engine.flow(document);
      const { id } = await engine.start(flowId, parameters);
      return engine.finished(id, options);
    },
  };
  return engine;
}

type Run = Awaited<ReturnType<typeof getRun>>;

/** A run with its nodes by id, for readable assertions. */
function withNodes(run: Run) {
  return { ...run, node: Object.fromEntries(run.nodes.map((node) => [node.nodeId, node])) };
}
