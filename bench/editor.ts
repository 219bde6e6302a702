// npm run bench:editor – a 500-node flow: server save time, and how long the editor takes to open it
// in Chromium and how smoothly it pans. Starts Weft (the launcher) on a scratch data directory.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { chromium } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { freePort } from "../server/db/free-port";
import { chromiumLaunchOptions } from "../test/support/chromium";

const port = await freePort();
const base = `http://localhost:${port}`;
const secret = "bench-secret-0123456789abcdef0123456789abcdef";
const dataDir = ".data/bench-editor";
await rm(dataDir, { recursive: true, force: true });
const weft = spawn(process.execPath, ["--import", "tsx", "server/launcher/main.ts"], {
  env: {
    ...process.env,
    WEFT_DATA_DIR: dataDir,
    PORT: String(port),
    WEFT_PG_PORT: String(await freePort()),
    WEFT_INNGEST_PORT: String(await freePort()),
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: base,
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve) =>
  weft.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready.") && resolve()),
);
// Whatever happens below, Weft and its children must not outlive the benchmark.
process.on("exit", () => weft.kill("SIGTERM"));
process.on("uncaughtException", (error) => {
  console.error(error);
  weft.kill("SIGTERM");
  process.exit(1);
});

const rpc = async (path: string, input: unknown, cookie = "") => {
  const reply = await fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
  });
  const body = await reply.json();
  if (!reply.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.result.data.json;
};
console.error("weft is up");
const user = await rpc("auth.signUp", {
  name: "Bench",
  email: `bench-${Date.now()}@example.test`,
  password: "bench password",
});
const token = await encode({ token: { sub: user.id, name: "Bench", email: user.email }, secret });
const cookie = `next-auth.session-token=${token}`;

const N = 500;
const flowDocument = {
  schemaVersion: 1,
  name: "Five hundred",
  description: "",
  parameters: [],
  nodes: Array.from({ length: N }, (_, i) => ({
    id: `n${i}`,
    block: "transform.jsonata",
    name: `Step ${i}`,
    position: { x: (i % 25) * 220, y: Math.floor(i / 25) * 120 },
    config: { expression: i ? `{{ nodes.n${i - 1}.output }}` : "$" },
    retries: 0,
    retryDelaySeconds: 10,
  })),
  edges: Array.from({ length: N - 1 }, (_, i) => ({
    id: `e${i}`,
    source: `n${i}`,
    target: `n${i + 1}`,
    sourceHandle: null,
  })),
  notes: [],
};
const flow = await rpc("flow.import", { document: flowDocument }, cookie);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const saves: number[] = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  await rpc(
    "flow.save",
    { flowId: flow.id, document: flowDocument, baseVersion: i + 1, message: "" },
    cookie,
  );
  saves.push(performance.now() - started);
}

const browser = await chromium.launch(chromiumLaunchOptions);
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.addCookies([{ name: "next-auth.session-token", value: token, url: base }]);
const page = await context.newPage();
const opens: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  await page.goto(`${base}/flows/${flow.id}`);
  await page
    .waitForFunction((n) => document.querySelectorAll("[data-node-id]").length >= n, N, {
      timeout: 20_000,
    })
    .catch(async (error) => {
      console.error(`rendered nodes: ${await page.locator("[data-node-id]").count()}`);
      throw error;
    });
  await page.getByRole("button", { name: "History" }).waitFor();
  opens.push(performance.now() - started);
}

// Pan by dragging the empty canvas with the middle button while counting animation frames.
// A string, not a function: tsx would add helpers the page does not have.
await page.evaluate(`(() => {
  window.frameTimes = [];
  const tick = (t) => {
    window.frameTimes.push(t);
    if (window.frameTimes.length < 400) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`);
const pane = (await page.locator(".react-flow__pane").boundingBox())!;
await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
await page.mouse.down({ button: "middle" });
await page.mouse.move(pane.x + 100, pane.y + 100, { steps: 60 });
await page.mouse.up({ button: "middle" });
const frames = (await page.evaluate("window.frameTimes")) as number[];
const gaps = frames
  .slice(1)
  .map((t, i) => t - frames[i]!)
  .sort((a, b) => a - b);

console.log(
  `save of a ${N}-node flow over HTTP: median ${median(saves).toFixed(0)} ms (of ${saves.length})`,
);
console.log(
  `open the editor with ${N} nodes until every node is on the page: median ${median(opens).toFixed(0)} ms (${opens.map((t) => t.toFixed(0)).join(", ")} ms)`,
);
console.log(
  `frame time while panning: p50 ${gaps[Math.floor(gaps.length / 2)]!.toFixed(1)} ms, p95 ${gaps[Math.floor(gaps.length * 0.95)]!.toFixed(1)} ms`,
);

await browser.close();
weft.kill("SIGTERM");
await new Promise((resolve) => weft.once("exit", resolve));
await rm(dataDir, { recursive: true, force: true });
