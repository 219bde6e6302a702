// npm run bench:soak – Weft under a steady load of mixed flows while random children of the
// launcher are SIGKILLed. Bounded: SOAK_MINUTES (default 10) of load, then up to 3 minutes for
// every run to end. Prints runs accepted / completed / failed / stuck (must be 0), duplicate node
// executions, p95 run latency and the process tree's memory over time. Needs `next build` first.
import { readFileSync } from "node:fs";
import { countingApi } from "../test/support/counting-api";
import { childrenOf, startLauncher } from "../test/support/launcher-process";

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const runsPerMinute = Number(process.env.SOAK_RATE ?? 60);
const killEverySeconds = Number(process.env.SOAK_KILL_SECONDS ?? 60);

const api = await countingApi();
const { calls } = api;
const apiUrl = api.url;

const node = (id: string, block: string, config: Record<string, unknown>, x: number) => ({
  id,
  block,
  name: id,
  position: { x, y: 0 },
  config,
  retries: 2,
  retryDelaySeconds: 1,
});
const edge = (source: string, target: string, sourceHandle: string | null = null) => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle,
});
const call = (id: string, x: number) =>
  node(id, "http.request", { method: "GET", url: `${apiUrl}/?k={{ run.id }}:${id}` }, x);
const documents = [
  {
    name: "Chain",
    nodes: Array.from({ length: 8 }, (_, i) =>
      node(`c${i}`, "code.javascript", { code: `return ${i} + (input ?? 0)` }, i * 200),
    ),
    edges: Array.from({ length: 7 }, (_, i) => edge(`c${i}`, `c${i + 1}`)),
  },
  {
    name: "Calls with a pause",
    nodes: [call("fetch", 0), node("pause", "flow.delay", { seconds: 1 }, 200), call("store", 400)],
    edges: [edge("fetch", "pause"), edge("pause", "store")],
  },
  {
    name: "Branches",
    nodes: [
      node("check", "logic.condition", { expression: "$random() < 0.5" }, 0),
      call("yes", 200),
      call("no", 400),
    ],
    edges: [edge("check", "yes", "true"), edge("check", "no", "false")],
  },
].map((document) => ({ schemaVersion: 1, parameters: [], notes: [], ...document }));

/** Resident memory of the launcher's whole process tree, in MB. */
function treeRssMb(pid: number): number {
  let total = 0;
  const visit = (id: number) => {
    try {
      const status = readFileSync(`/proc/${id}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return;
    }
    for (const child of childrenOf(id)) visit(child.pid);
  };
  visit(pid);
  return Math.round(total);
}

const weft = await startLauncher("bench-soak");
const rest = await weft.apiClient();
const flows: string[] = [];
for (const document of documents) flows.push((await rest("POST", "/flows", document)).json.id);

const accepted = new Map<string, number>();
let refused = 0;
const memory: string[] = [];
const kills: string[] = [];
const started = Date.now();
const end = started + minutes * 60_000;
let nextKill = started + killEverySeconds * 1000;
let nextSample = started;
console.log(
  `soak: ${minutes} min, ${runsPerMinute} runs/min, a SIGKILL every ${killEverySeconds} s`,
);
while (Date.now() < end) {
  const flowId = flows[accepted.size % flows.length]!;
  const at = Date.now();
  const reply = await rest("POST", `/flows/${flowId}/runs`, {}).catch(() => null);
  if (reply?.status === 201) accepted.set(reply.json.id, at);
  else refused++;
  if (Date.now() >= nextKill) {
    const targets = [/local-inngest\/main\.ts/, /next-server/, /bin\/postgres /];
    const pattern = targets[kills.length % targets.length]!;
    try {
      process.kill(weft.child(pattern), "SIGKILL");
      kills.push(pattern.source);
    } catch {
      kills.push(`${pattern.source} (not running)`);
    }
    nextKill += killEverySeconds * 1000;
  }
  if (Date.now() >= nextSample) {
    memory.push(`${Math.round((Date.now() - started) / 1000)}s:${treeRssMb(weft.pid)}MB`);
    nextSample += 30_000;
  }
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, 60_000 / runsPerMinute - (Date.now() - at))),
  );
}

// Every accepted run must end; give the system up to three minutes after the last kill.
const finished = new Map<string, { status: string; latency: number }>();
const deadline = Date.now() + 180_000;
while (finished.size < accepted.size && Date.now() < deadline) {
  for (const [id, at] of accepted) {
    if (finished.has(id)) continue;
    const run = (await rest("GET", `/runs/${id}`).catch(() => null))?.json;
    if (run && ["completed", "failed", "cancelled"].includes(run.status))
      finished.set(id, { status: run.status, latency: Date.parse(run.finishedAt) - at });
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
memory.push(`end:${treeRssMb(weft.pid)}MB`);

const statuses = [...finished.values()];
const latencies = statuses.map((s) => s.latency).sort((a, b) => a - b);
const duplicates = [...calls.values()].filter((count) => count > 1).length;
console.log(`runs accepted: ${accepted.size} (refused: ${refused})`);
console.log(`completed: ${statuses.filter((s) => s.status === "completed").length}`);
console.log(`failed: ${statuses.filter((s) => s.status === "failed").length}`);
console.log(`stuck (not ended within 3 min after the load): ${accepted.size - finished.size}`);
console.log(`duplicate node executions (HTTP calls made twice): ${duplicates} of ${calls.size}`);
console.log(
  `p95 run latency: ${latencies[Math.floor(latencies.length * 0.95)] ?? "n/a"} ms (median ${latencies[latencies.length >> 1] ?? "n/a"} ms)`,
);
console.log(`kills: ${kills.length} (${kills.join(", ")})`);
console.log(`memory (RSS of the process tree): ${memory.join(" ")}`);
await weft.stop();
api.close();
process.exit(accepted.size - finished.size === 0 ? 0 : 1);
