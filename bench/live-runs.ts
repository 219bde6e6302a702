// npm run bench:live – how soon a node's completion shows on the run page's canvas after the engine
// records it: node.finishedAt (written by the app) to the moment the browser's canvas node turns
// Completed (a MutationObserver in the page; same machine, same clock). Needs `next build` first.
import { startWeft } from "./weft-app";

const NODES = 12;
const RUNS = 3;

const weft = await startWeft("bench-live");
console.error("weft is up");
// A chain of one-second delays: each completion is its own event, a second apart.
const flow = await weft.mutate("flow.import", {
  document: {
    schemaVersion: 1,
    name: "Ticks",
    description: "",
    parameters: [],
    notes: [],
    nodes: Array.from({ length: NODES }, (_, i) => ({
      id: `tick${i}`,
      block: "flow.delay",
      name: `Tick ${i}`,
      position: { x: (i % 6) * 220, y: Math.floor(i / 6) * 140 },
      config: { seconds: 1 },
      retries: 0,
      retryDelaySeconds: 1,
    })),
    edges: Array.from({ length: NODES - 1 }, (_, i) => ({
      id: `e${i}`,
      source: `tick${i}`,
      target: `tick${i + 1}`,
      sourceHandle: null,
    })),
  },
});

const page = await weft.context.newPage();
const latencies: number[] = [];
// Bytes the page reads per run: tRPC answers (queries) and the event stream (SSE), apart.
let queryBytes = 0;
let streamBytes = 0;
page.on("response", (response) => {
  if (!response.url().includes("/api/trpc")) return;
  const sse = response.headers()["content-type"]?.includes("text/event-stream");
  void response
    .body()
    .then((body) => (sse ? (streamBytes += body.length) : (queryBytes += body.length)))
    .catch(() => undefined);
});
for (let round = 0; round < RUNS; round++) {
  const run = await weft.mutate("run.start", { flowId: flow.id, parameters: {} });
  await page.goto(`${weft.base}/runs/${run.id}`);
  await page.locator('[data-stream="pending"]').waitFor({ timeout: 20_000 });
  const watchingFrom = Date.now();
  // A string, not a function: tsx would add helpers the page does not have.
  await page.evaluate(`(() => {
    window.seen = {};
    new MutationObserver((changes) => {
      for (const change of changes) {
        const node = change.target;
        if (node.dataset && node.dataset.nodeId && node.dataset.status === "COMPLETED")
          window.seen[node.dataset.nodeId] ??= Date.now();
      }
    }).observe(document.querySelector(".react-flow"), {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-status"],
    });
  })()`);
  await page
    .locator("header [data-status='COMPLETED']")
    .waitFor({ timeout: NODES * 1000 + 30_000 });
  const seen = (await page.evaluate("window.seen")) as Record<string, number>;
  const recorded = (await weft.query("run.get", { runId: run.id })) as {
    nodes: { nodeId: string; finishedAt: string }[];
  };
  for (const node of recorded.nodes) {
    const finished = new Date(node.finishedAt).getTime();
    // Only completions that happened while the page was already watching count.
    if (finished > watchingFrom + 50 && seen[node.nodeId])
      latencies.push(seen[node.nodeId]! - finished);
  }
}

latencies.sort((a, b) => a - b);
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
console.log(
  `node completion recorded → shown on the canvas: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms over ${latencies.length} completions (target p50 < 250 ms)`,
);
const kb = (bytes: number) => `${(bytes / RUNS / 1024).toFixed(1)} KB`;
console.log(
  `bytes the run page read per run of ${NODES} nodes: queries ${kb(queryBytes)}, event stream ${kb(streamBytes)}`,
);
await weft.stop();
