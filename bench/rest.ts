// npm run bench:rest – the shapes of the performance issue as a user measures them: `npm start`'s
// process tree (embedded PostgreSQL, local Inngest server, the built app) driven through the REST
// API — POST /flows/{id}/runs, then GET /runs/{id} until it has ended, both ways a client can:
// `?wait=30` (answered when the run ends) and polling every 25 ms, alternating run by run so both
// see the same machine. Prints medians and p95 over 20 runs of each after a warm-up, runs per
// minute of a burst (the first after the start, and a second one; each run waited for with
// `?wait=30`), and the memory (PSS, summed over the whole process tree) idle and at the bursts'
// peak. Needs `next build` first.
import { readFileSync } from "node:fs";
import type { FlowDocument, FlowNode } from "../lib/flow/document";
import { node as documentNode } from "../test/factories/flow-document";
import { signInOverHttp, trpcCall } from "../test/support/http-sign-in";
import { childrenOf, startLauncher, statFields } from "../test/support/launcher-process";

const weft = await startLauncher("bench-rest");
const stop = () => {
  try {
    process.kill(weft.pid, "SIGTERM");
  } catch {
    // it has stopped already
  }
};
process.on("exit", stop);
// Idle: started, settled for 3 s, nothing asked of it yet; its CPU over the next 10 s.
await new Promise((resolve) => setTimeout(resolve, 3000));
const idle = treePss(weft.pid);
const idleCpuFrom = treeCpuMs(weft.pid);
await new Promise((resolve) => setTimeout(resolve, 10_000));
const idleCpu = (treeCpuMs(weft.pid) - idleCpuFrom) / 10;

// The REST API allows 600 requests a minute per key: each measurement has a key of its own.
const credentials = { email: `bench-${Date.now()}@example.test`, password: "bench password" };
await trpcCall(weft.base, "auth.signUp", { name: "Bench", ...credentials });
const { cookie } = await signInOverHttp(weft.base, credentials.email, credentials.password);
let key = "";
async function newKey() {
  key = (await trpcCall(weft.base, "apiKey.create", { name: `bench ${Date.now()}` }, { cookie }))
    .key as string;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads loose JSON
type Json = any;
async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const reply = await fetch(`${weft.base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: reply.status, json: await reply.json().catch(() => ({})) };
}
await newKey();

/** Calls `read` for `pid` and everything under it; a process that ended while we looked is skipped. */
function eachInTree(pid: number, read: (id: number) => void) {
  try {
    read(pid);
  } catch {
    // it ended while we looked
  }
  for (const child of childrenOf(pid)) eachInTree(child.pid, read);
}

/** Proportional memory of `pid` and everything under it, from /proc/<pid>/smaps_rollup. */
function treePss(pid: number): { mb: number; processes: number } {
  let kb = 0;
  let processes = 0;
  eachInTree(pid, (id) => {
    kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${id}/smaps_rollup`, "utf8"))?.[1]);
    processes += 1;
  });
  return { mb: kb / 1024, processes };
}

/** CPU time (user + system, ms) used so far by `pid` and everything under it, from /proc/<pid>/stat. */
function treeCpuMs(pid: number): number {
  let ticks = 0;
  eachInTree(pid, (id) => {
    // utime and stime: fields 14 and 15 in proc(5).
    const fields = statFields(id);
    ticks += Number(fields[11]) + Number(fields[12]);
  });
  return ticks * 10; // 100 ticks a second (USER_HZ)
}

const node = (id: string, block: string, config: Record<string, unknown>): FlowNode =>
  documentNode(id, { block, config });
const chainOf = (ids: string[]) => ids.slice(1).map((id, i) => [ids[i]!, id] as [string, string]);
const documentOf = (name: string, nodes: FlowNode[], edges: [string, string][]): FlowDocument => ({
  schemaVersion: 1,
  name,
  description: "",
  parameters: [],
  notes: [],
  nodes,
  edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target, sourceHandle: null })),
});
async function createFlow(document: FlowDocument): Promise<string> {
  const reply = await api("POST", "/flows", document);
  if (reply.status !== 201) throw new Error(`POST /flows: ${JSON.stringify(reply.json)}`);
  return reply.json.id as string;
}
async function startRun(flowId: string): Promise<string> {
  const reply = await api("POST", `/flows/${flowId}/runs`, {});
  if (reply.status !== 201) throw new Error(`POST /flows/${flowId}/runs: ${reply.status}`);
  return reply.json.id as string;
}
const ENDED = ["COMPLETED", "FAILED", "CANCELLED"];
/**
 * GET /runs/{id} until the run has ended: with `?wait=30`, or every 25 ms when `poll` (a finer
 * poll would pass the key's limit over 20 runs; it adds 12 ms on average to what the client
 * sees). Returns its status and its own start and end (epoch ms).
 */
async function endedRun(runId: string, poll: boolean) {
  for (;;) {
    const reply = await api("GET", `/runs/${runId}${poll ? "" : "?wait=30"}`);
    if (reply.status !== 200) throw new Error(`GET /runs/${runId}: ${reply.status}`);
    const status = String(reply.json.status).toUpperCase();
    const at = (iso: string) => new Date(iso).getTime();
    if (ENDED.includes(status))
      return { status, startedAt: at(reply.json.startedAt), finishedAt: at(reply.json.finishedAt) };
    if (poll) await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
/** How many runs of `flowId` have ended, by status (GET /runs, page by page). */
async function endedRuns(flowId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const status of ["completed", "failed", "cancelled"]) {
    let cursor: string | undefined;
    do {
      const query = `flowId=${flowId}&status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ""}`;
      const reply = await api("GET", `/runs?${query}`);
      if (reply.status !== 200) throw new Error(`GET /runs: ${reply.status}`);
      counts[status] = (counts[status] ?? 0) + reply.json.runs.length;
      cursor = reply.json.nextCursor ?? undefined;
    } while (cursor);
  }
  return counts;
}
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
/**
 * Median and p95, end to end as the client sees it, over `runs` runs after a warm-up run each
 * way: waiting with `?wait=` and polling, alternately.
 */
async function timeRuns(flowId: string, runs = 20) {
  const times = { wait: [] as number[], poll: [] as number[] };
  // Where a waited run's time goes: the POST, until the run starts, the run, until the answer.
  const parts = {
    post: [] as number[],
    start: [] as number[],
    run: [] as number[],
    answer: [] as number[],
  };
  for (let round = 0; round < 2 * (runs + 1); round++) {
    const poll = round % 2 === 1;
    const started = Date.now();
    const runId = await startRun(flowId);
    const posted = Date.now();
    const run = await endedRun(runId, poll);
    const answered = Date.now();
    if (run.status !== "COMPLETED") throw new Error(`a run ended ${run.status}`);
    if (round <= 1) continue;
    times[poll ? "poll" : "wait"].push(answered - started);
    if (poll) continue;
    parts.post.push(posted - started);
    parts.start.push(run.startedAt - posted);
    parts.run.push(run.finishedAt - run.startedAt);
    parts.answer.push(answered - run.finishedAt);
  }
  const figures = (values: number[]) =>
    `median ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms`;
  const median = (values: number[]) => quantile(values, 0.5).toFixed(0);
  return (
    `${figures(times.wait)} over ${runs} runs waiting with ?wait=; polling every 25 ms ${figures(times.poll)}\n` +
    `  waited runs, medians: POST answered ${median(parts.post)} ms, then the run starts ${median(parts.start)} ms later, ` +
    `runs ${median(parts.run)} ms, and is answered ${median(parts.answer)} ms after its end`
  );
}

// 1. A 40-node chain, each node a JavaScript node computing fibo(10).
const fibo = "const f = (n) => (n < 2 ? n : f(n - 1) + f(n - 2)); return f(10);";
const chainIds = Array.from({ length: 40 }, (_, i) => `n${i}`);
const chain = await createFlow(
  documentOf(
    "chain",
    chainIds.map((id) => node(id, "code.javascript", { code: fibo })),
    chainOf(chainIds),
  ),
);
console.log(`40-node chain of JavaScript nodes (fibo(10)): ${await timeRuns(chain)}`);
await newKey();

// 2. Ten parallel 200 ms delays and a join.
const delays = Array.from({ length: 10 }, (_, i) => `d${i}`);
const fanOut = await createFlow(
  documentOf(
    "fan-out",
    [
      node("start", "transform.jsonata", { expression: "1" }),
      ...delays.map((id) => node(id, "flow.delay", { seconds: 0.2 })),
      node("join", "transform.jsonata", { expression: "2" }),
    ],
    delays.flatMap((id) => [["start", id] as [string, string], [id, "join"] as [string, string]]),
  ),
);
await newKey();
console.log(`10 parallel 200 ms delays and a join: ${await timeRuns(fanOut)}`);

// 3. 200 runs of a 10-node chain started at once: throughput, none lost, peak memory.
const tenIds = Array.from({ length: 10 }, (_, i) => `t${i}`);
const ten = await createFlow(
  documentOf(
    "ten",
    tenIds.map((id) => node(id, "code.javascript", { code: "return 1" })),
    chainOf(tenIds),
  ),
);
let peak = treePss(weft.pid);
const sampler = setInterval(() => {
  const now = treePss(weft.pid);
  if (now.mb > peak.mb) peak = now;
}, 250);
let counts: Record<string, number> = {};
/**
 * 200 runs at once, each started with a POST and waited for with `GET /runs/{id}?wait=30` until
 * it has ended, as a client of the API does; the clock stops when the last client has its answer.
 * Then the runs list must show all 200 ended. Returns runs per minute and how many completed.
 */
async function burst() {
  await newKey();
  const started = performance.now();
  let posted = 0;
  await Promise.all(
    Array.from({ length: 200 }, async () => {
      const runId = await startRun(ten);
      posted = performance.now() - started;
      await endedRun(runId, false);
    }),
  );
  const took = performance.now() - started;
  const before = { ...counts };
  counts = await endedRuns(ten);
  const ended = (of: Record<string, number>) => Object.values(of).reduce((sum, n) => sum + n, 0);
  if (ended(counts) - ended(before) !== 200)
    throw new Error(`the runs list shows ${ended(counts) - ended(before)} of 200 runs ended`);
  const completed = (counts.completed ?? 0) - (before.completed ?? 0);
  return `${completed}/200 completed in ${(took / 1000).toFixed(1)} s = ${((200 / took) * 60_000).toFixed(0)} runs per minute (the 200 POSTs answered within ${(posted / 1000).toFixed(1)} s)`;
}
// The first burst after a start pays for warming up (compiled code paths, new connections, sandbox
// workers); a service meets its bursts warm. Both are printed; the second is the figure.
const cold = await burst();
const warm = await burst();
clearInterval(sampler);
console.log(`200 runs of a 10-node chain started at once, the first time: ${cold}`);
console.log(`200 runs of a 10-node chain started at once, again: ${warm}`);
console.log(
  `memory (PSS of the whole process tree): idle ${idle.mb.toFixed(0)} MB in ${idle.processes} processes, using ${idleCpu.toFixed(0)} ms of CPU a second; peak during the bursts ${peak.mb.toFixed(0)} MB in ${peak.processes} processes`,
);

await weft.stop();
process.exit(0);
