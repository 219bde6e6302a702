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

// Where the time goes (issue 16): SQL statements, commits and HTTP round trips, counted while one
// chain runs. Statements on the local server's tables (inngest_*) are counted apart from the app's.
const pg = (await import("pg")).default;
const counts = { app: 0, inngest: 0, commits: 0, calls: 0, checkpoints: 0 };
let counting = false;
const inTransaction = new WeakSet<object>();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: object, ...args: unknown[]) {
  if (counting) {
    const first = args[0];
    const text = (typeof first === "string" ? first : (first as { text?: string })?.text) ?? "";
    const verb = text.trim().split(/\s+/)[0]!.toUpperCase();
    if (verb === "BEGIN") inTransaction.add(this);
    else if (verb === "COMMIT" || verb === "ROLLBACK") {
      inTransaction.delete(this);
      if (verb === "COMMIT") counts.commits += 1;
    } else {
      if (/inngest_/.test(text)) counts.inngest += 1;
      else counts.app += 1;
      // Outside a transaction a statement that writes commits (and syncs the WAL) by itself.
      if (!inTransaction.has(this) && /\b(INSERT|UPDATE|DELETE)\b/i.test(text)) counts.commits += 1;
    }
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
const realFetch = globalThis.fetch;
globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  if (counting && String(input instanceof Request ? input.url : input).includes("/v1/checkpoint"))
    counts.checkpoints += 1;
  return realFetch(input, init);
}) as typeof fetch;

const local = await startLocalInngestServer({ databaseUrl, port: 0, log: silentLogger });
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const client = new Inngest({ id: "weft", baseUrl: local.url, isDev: true, logger: quiet });
const handler = serve({ client, functions: [createFlowRunFunction(client)] });
const app = createServer((req, res) => {
  if (counting && req.method === "POST") counts.calls += 1;
  return handler(req, res);
});
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
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ??
  0;
const median = (values: number[]) => quantile(values, 0.5);
/** Median and p95 of `runs` runs after one warm-up run. */
async function timeRuns(flowId: string, runs: number) {
  const times: number[] = [];
  for (let round = 0; round <= runs; round++) {
    const { id } = await start(flowId);
    await finished([id]);
    if (round > 0) times.push(await runTime(id));
  }
  return { p50: median(times), p95: quantile(times, 0.95), runs: times.length };
}
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
const chainTimes = await timeRuns(chain, 20);
{
  counting = true;
  const { id } = await start(chain);
  await finished([id]);
  counting = false;
  const per = (n: number) => (n / 40).toFixed(2);
  console.log(
    `per node of the 40-node chain: ${per(counts.app)} app SQL statements, ${per(counts.inngest)} local-Inngest SQL statements, ${per(counts.commits)} commits, ${per(counts.calls)} calls to the app, ${per(counts.checkpoints)} checkpoints`,
  );
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
const wideTimes = await timeRuns(wide, 20);

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
  `40-node chain (${chainStatus.status.toLowerCase()}): median ${chainTimes.p50.toFixed(0)} ms, p95 ${chainTimes.p95.toFixed(0)} ms end to end over ${chainTimes.runs} runs; engine overhead ${(chainTimes.p50 / 40).toFixed(1)} ms per node`,
);
console.log(
  `10 parallel nodes of 200 ms each: median ${wideTimes.p50.toFixed(0)} ms, p95 ${wideTimes.p95.toFixed(0)} ms over ${wideTimes.runs} runs`,
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
