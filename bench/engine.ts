// npm run bench:engine – the flow-run function end to end: serve() handler + local Inngest server
// + PostgreSQL. Prints: a 40-node chain's time and engine overhead per node, 10 parallel 200 ms
// nodes, and 200 runs of a 10-node flow started at once (runs per minute, peak memory).
// Run with --conditions=react-server so `server-only` imports resolve (see package.json).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { startScratchDatabase } from "./scratch-database";
import type { FlowDocument, FlowNode } from "../lib/flow/document";
import { node as testNode } from "../test/factories/flow-document";

const database = await startScratchDatabase("bench-engine");
const { dataDir, databaseUrl } = database;
Object.assign(process.env, {
  DATABASE_URL: databaseUrl,
  NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
  WEFT_SECRET_KEY: randomBytes(32).toString("base64url"),
});

const { Inngest } = await import("inngest");
const { serve } = await import("inngest/node");
const { startLocalInngestServer } = await import("../server/local-inngest/index");
const { silentLogger } = await import("../server/local-inngest/log");
const { createFlowRunFunction } = await import("../server/engine/flow-run");
const { startRun } = await import("../server/runs/start-run");
const { db } = await import("../server/db/client");
const { pool } = await import("../server/db/pool");
const { signUp } = await import("../server/users/sign-up");

const local = await startLocalInngestServer({ databaseUrl, port: 0, log: silentLogger });
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const client = new Inngest({ id: "weft", baseUrl: local.url, isDev: true, logger: quiet });
const app = createServer(serve({ client, functions: [createFlowRunFunction(client)] }));
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
await fetch(`http://127.0.0.1:${(app.address() as { port: number }).port}/api/inngest`, {
  method: "PUT",
});
const api = createServer((_req, res) => setTimeout(() => res.end("{}"), 200));
await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;

const user = await signUp(
  { name: "Bench", email: "bench@example.test", password: "bench bench bench" },
  "bench",
).then((created) => created!);
const membership = await db().membership.findFirstOrThrow({ where: { userId: user.id } });
const teamId = membership.teamId;

const node = (id: string, extra: Partial<FlowNode> = {}) =>
  testNode(id, { config: { expression: "$count($keys(nodes))" }, retryDelaySeconds: 1, ...extra });
const documentOf = (nodes: FlowNode[], edges: [string, string][]): FlowDocument => ({
  schemaVersion: 1,
  name: "bench",
  description: "",
  parameters: [],
  notes: [],
  nodes,
  edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target, sourceHandle: null })),
});
async function flow(document: FlowDocument) {
  const created = await db().flow.create({
    data: {
      teamId,
      name: "bench",
      latestVersion: 1,
      versions: { create: { number: 1, document: document as never } },
    },
  });
  return created.id;
}
const start = (flowId: string) =>
  startRun({ teamId, userId: user.id, trigger: "API" }, { flowId, parameters: {} }, client);
/**
 * Waits for runs to end. Polls with one plain query every 10 ms (the bench must not compete with
 * the engine for the 2 cores); durations come from the runs' own createdAt/finishedAt.
 */
async function finished(ids: string[]) {
  for (;;) {
    const { rows } = await pool().query<{ ended: number }>(
      `SELECT count(*)::int AS ended FROM "Run" WHERE id = ANY($1) AND "finishedAt" IS NOT NULL`,
      [ids],
    );
    if (rows[0]!.ended === ids.length) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
async function runTime(id: string) {
  const run = await db().run.findUniqueOrThrow({ where: { id } });
  return run.finishedAt!.getTime() - run.createdAt.getTime();
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
async function pgPeakKb() {
  const pid = (await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0];
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

// 1. A chain of 40 lightweight nodes.
const chainIds = Array.from({ length: 40 }, (_, i) => `n${i}`);
const chain = await flow(
  documentOf(
    chainIds.map((id) => node(id)),
    chainIds.slice(1).map((id, i) => [chainIds[i]!, id]),
  ),
);
const chainTimes: number[] = [];
for (let round = 0; round < 6; round++) {
  const { id } = await start(chain);
  await finished([id]);
  if (round > 0) chainTimes.push(await runTime(id));
}
{
  const last = await db().run.findFirstOrThrow({
    where: { flowId: chain },
    orderBy: { createdAt: "desc" },
    include: { nodes: true },
  });
  const rows = chainIds.map((id) => last.nodes.find((n) => n.nodeId === id)!);
  const inside = rows.map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime());
  const gaps = rows.slice(1).map((r, i) => r.startedAt!.getTime() - rows[i]!.finishedAt!.getTime());
  console.log(
    `40-node chain, last run: time inside a node step median ${median(inside)} ms, gap between nodes median ${median(gaps)} ms, run start->first ${rows[0]!.startedAt!.getTime() - last.createdAt.getTime()} ms`,
  );
}
const chainStatus = await db().run.findFirstOrThrow({
  where: { flowId: chain },
  select: { status: true },
});

// 2. Ten parallel nodes that each wait 200 ms on an HTTP call.
const wide = await flow(
  documentOf(
    [
      node("root"),
      ...Array.from({ length: 10 }, (_, i) =>
        node(`w${i}`, { block: "http.request", config: { method: "GET", url: apiUrl } }),
      ),
    ],
    Array.from({ length: 10 }, (_, i) => ["root", `w${i}`] as [string, string]),
  ),
);
const wideTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  const { id } = await start(wide);
  await finished([id]);
  wideTimes.push(await runTime(id));
}

// 3. 200 runs of a 10-node flow (a chain of 10 transforms), started at once.
const tenIds = Array.from({ length: 10 }, (_, i) => `t${i}`);
const ten = await flow(
  documentOf(
    tenIds.map((id) => node(id)),
    tenIds.slice(1).map((id, i) => [tenIds[i]!, id]),
  ),
);
peakRss = process.memoryUsage().rss;
const burstStart = performance.now();
const runs = await Promise.all(Array.from({ length: 200 }, () => start(ten)));
await finished(runs.map((run) => run.id));
const burst = performance.now() - burstStart;
const completed = await db().run.count({ where: { flowId: ten, status: "COMPLETED" } });
clearInterval(sampler);

console.log(
  `40-node chain (${chainStatus.status.toLowerCase()}): median ${median(chainTimes).toFixed(0)} ms end to end (runs: ${chainTimes.map((t) => t.toFixed(0)).join(", ")} ms); engine overhead ${(median(chainTimes) / 40).toFixed(1)} ms per node`,
);
console.log(
  `10 parallel nodes of 200 ms each: median ${median(wideTimes).toFixed(0)} ms (runs: ${wideTimes.map((t) => t.toFixed(0)).join(", ")} ms)`,
);
console.log(
  `200 runs of a 10-node flow started at once: ${completed}/200 completed in ${(burst / 1000).toFixed(1)} s = ${((200 / burst) * 60_000).toFixed(0)} runs per minute (${((2000 / burst) * 1000).toFixed(0)} nodes/s)`,
);
console.log(
  `peak memory: app + local Inngest process ${(peakRss / 1048576).toFixed(0)} MB RSS; PostgreSQL postmaster ${((await pgPeakKb()) / 1024).toFixed(0)} MB peak RSS`,
);

api.close();
app.close();
await local.stop();
await db().$disconnect();
await pool().end();
await database.stop();
process.exit(0);
