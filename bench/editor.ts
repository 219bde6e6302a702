// npm run bench:editor – a flow at the document limit (1,000 nodes; BENCH_NODES to change it): server
// save time, and how long the editor takes to open it in Chromium and how smoothly it pans. Starts
// Weft (the launcher) on a scratch data directory.
import { startWeft, VIEWPORT } from "./weft-app";

const weft = await startWeft("bench-editor");
console.error("weft is up");
const rpc = weft.mutate;

const N = Number(process.env.BENCH_NODES ?? 1000);
const flowDocument = {
  schemaVersion: 1,
  name: `${N} nodes`,
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
const flow = await rpc("flow.import", { document: flowDocument });
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const saves: number[] = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  await rpc("flow.save", {
    flowId: flow.id,
    document: flowDocument,
    baseVersion: i + 1,
    message: "",
  });
  saves.push(performance.now() - started);
}

// The page's own clock: the names of the first 20 nodes in the DOM are marked for the browser's
// Element Timing, which gives when the frame with their text was presented, from navigation start.
const clockScript = `new PerformanceObserver((list) => {
  window.weftDrawn ??= list.getEntries()[0].renderTime;
}).observe({ type: "element", buffered: true });
new MutationObserver((_, observer) => {
  const names = document.querySelectorAll(".weft-node-name");
  if (names.length < 20) return;
  observer.disconnect();
  for (const name of names) name.setAttribute("elementtiming", "node");
}).observe(document, { childList: true, subtree: true })`;
type Page = Awaited<ReturnType<typeof weft.context.newPage>>;
/** One open: as the test driver sees it, and as the page clocks it (null: never reported). */
async function open(page: Page) {
  const started = performance.now();
  await page.goto(`${weft.base}/flows/${flow.id}`);
  // Open: the canvas shows the nodes in view (those outside it are not drawn) and the toolbar is
  // there, in one check (each check is a round trip to the page). Plain selectors: role queries
  // would time Playwright's accessibility tree, not the page.
  await page.waitForFunction(
    () =>
      document.querySelectorAll("[data-node-id]").length >= 20 &&
      Array.from(document.querySelectorAll("button")).some((button) =>
        button.textContent!.includes("History"),
      ),
    null,
    { timeout: 20_000 },
  );
  const opened = performance.now() - started;
  // null when the browser never reported those names drawn (they left the DOM before a frame).
  const drawn = (await page.evaluate(`new Promise((found) => {
    const deadline = performance.now() + 5000;
    const check = () => {
      if (window.weftDrawn || performance.now() > deadline) found(window.weftDrawn ?? null);
      else setTimeout(check, 5);
    };
    check();
  })`)) as number | null;
  return { opened, drawn };
}
/** One open of warm-up, then twenty measured: the driver's figures and the page's. */
async function openSeries(openOne: () => Promise<{ opened: number; drawn: number | null }>) {
  const opens: number[] = [];
  const drawn: number[] = [];
  for (let i = 0; i <= 20; i++) {
    // Each open starts from a settled page, as when someone clicks a flow in the list: back to back,
    // an open shared the machine with the previous page's last requests (~100 ms slower).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const result = await openOne();
    if (i === 0) continue;
    opens.push(result.opened);
    if (result.drawn !== null) drawn.push(result.drawn);
  }
  return { opens, drawn };
}

// Warm: one page, opened again and again (the browser compiled the editor's scripts once).
const page = await weft.context.newPage();
await page.addInitScript(clockScript);
const warmOpens = await openSeries(() => open(page));

// Pan by dragging the empty canvas with the middle button while counting animation frames, back
// and forth. The first pans draw nodes the page has never drawn (and warm up the browser's JIT and
// caches); the figure is taken, as for every benchmark, after a warm-up.
let pans = 0;
async function pan(dx: number): Promise<number[]> {
  pans += 1;
  // A string, not a function: tsx would add helpers the page does not have.
  await page.evaluate(`(() => {
    const id = ${pans};
    window.panId = id;
    window.frameTimes = [];
    const tick = (t) => {
      if (window.panId !== id) return;
      window.frameTimes.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down({ button: "middle" });
  await page.mouse.move(centre.x + dx, centre.y + dx / 2, { steps: 60 });
  await page.mouse.up({ button: "middle" });
  await page.evaluate("window.panId = 0");
  const frames = (await page.evaluate("window.frameTimes")) as number[];
  return frames.slice(1).map((t, i) => t - frames[i]!);
}
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * q)]!;
// The viewport's scale, as an expression the page evaluates.
const viewportScale =
  "Number(/scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform)[1])";
const zoom = async () => (await page.evaluate(viewportScale)) as number;
/** Ten pans of warm-up, then twenty measured: frame times, and the first pan's. */
async function panSeries() {
  const first = await pan(-400);
  for (let i = 0; i < 9; i++) await pan(i % 2 ? -400 : 400);
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) warm.push(...(await pan(i % 2 ? -400 : 400)));
  return { first, warm, zoom: await zoom() };
}
// As opened (the whole flow fitted: zoomed out, block nodes show their names only), then at full
// size (every node's lines and handles drawn).
const far = await panSeries();
while ((await zoom()) < 1) {
  const before = await zoom();
  await page.locator(".react-flow__controls-zoomin").click();
  await page.waitForFunction(`${viewportScale} > ${before}`);
}
// The zoom's animation over: the scale the same two frames apart.
await page.waitForFunction(`new Promise((settled) => {
  const scale = ${viewportScale};
  requestAnimationFrame(() => requestAnimationFrame(() => settled(${viewportScale} === scale)));
})`);
const near = await panSeries();

// Cold, last (closed contexts leave the browser busier, which the figures above must not see):
// each open in a new browser context, whose cache is empty (a first visit, or the first after an
// upgrade): the editor's scripts are fetched and compiled.
const cookies = await weft.context.cookies();
const coldOpens = await openSeries(async () => {
  const context = await weft.context.browser()!.newContext({ viewport: VIEWPORT });
  await context.addCookies(cookies);
  const fresh = await context.newPage();
  await fresh.addInitScript(clockScript);
  const result = await open(fresh);
  await context.close();
  return result;
});

console.log(
  `save of a ${N}-node flow over HTTP: median ${median(saves).toFixed(0)} ms (of ${saves.length})`,
);
for (const [name, { opens, drawn }] of [
  ["", warmOpens],
  [" in a fresh browser context (nothing cached)", coldOpens],
] as const)
  console.log(
    `open the editor with ${N} nodes${name} until the nodes in view are drawn, as the page clocks it (navigation start to the frame that shows them): median ${median(drawn).toFixed(0)} ms, p95 ${quantile(drawn, 0.95).toFixed(0)} ms; as the test driver sees it (from its goto to finding them and the toolbar): median ${median(opens).toFixed(0)} ms, p95 ${quantile(opens, 0.95).toFixed(0)} ms; ${opens.length} opens after a warm-up (${drawn.length} clocked by the page)`,
  );
for (const [name, { first, warm, zoom }] of [
  ["as opened", far],
  ["at full size", near],
] as const)
  console.log(
    `frame time while panning ${name} (zoom ${zoom.toFixed(2)}), after 10 pans of warm-up: p50 ${quantile(warm, 0.5).toFixed(1)} ms, p95 ${quantile(warm, 0.95).toFixed(1)} ms, ${warm.filter((t) => t > 20).length} of ${warm.length} frames over 20 ms (20 pans); the first pan: p50 ${quantile(first, 0.5).toFixed(1)} ms, p95 ${quantile(first, 0.95).toFixed(1)} ms`,
  );

await weft.stop();
