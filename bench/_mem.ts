import { readFileSync } from "node:fs";
import { node as documentNode } from "../test/factories/flow-document";
import { childrenOf, startLauncher } from "../test/support/launcher-process";
const weft = await startLauncher("bench-mem");
process.on("exit", () => { try { process.kill(weft.pid, "SIGTERM"); } catch {} });
const ids = Array.from({ length: 10 }, (_, i) => `t${i}`);
const n = (id: string) => documentNode(id, { block: "code.javascript", config: { code: "return 1" } });
const doc = { schemaVersion: 1, name: "ten", description: "", parameters: [], notes: [], nodes: ids.map(n), edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, target: id, sourceHandle: null })) };
const pss = (pid: number) => { try { return Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))![1]) / 1024; } catch { return 0; } };
const snapshot = () => { const all: { pid: number; command: string }[] = []; const visit = (p: number) => { for (const c of childrenOf(p)) { all.push(c); visit(c.pid); } }; all.push({ pid: weft.pid, command: "launcher" }); visit(weft.pid); const groups: Record<string, { n: number; mb: number }> = {}; for (const c of all) { const k = /next-server/.test(c.command) ? "app" : /inngest/.test(c.command) ? "inngest" : /postgres:/.test(c.command) ? "pg backend " + (c.command.match(/postgres: (\S+ \S+|\S+)/)?.[1] ?? "") : /bin\/postgres/.test(c.command) ? "postmaster" : c.command.slice(0, 40); const g = (groups[k] ??= { n: 0, mb: 0 }); g.n++; g.mb += pss(c.pid); } return groups; };
let peak: ReturnType<typeof snapshot> = {}; let peakTotal = 0;
const timer = setInterval(() => { const s = snapshot(); const t = Object.values(s).reduce((a, g) => a + g.mb, 0); if (t > peakTotal) { peakTotal = t; peak = s; } }, 200);
for (let round = 0; round < 2; round++) {
  const api = await weft.apiClient();
  const flow = (await api("POST", "/flows", doc)).json.id;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 200 }, async () => (await api("POST", `/flows/${flow}/runs`, {})).json.id as string));
  for (;;) { const r = await api("GET", `/runs?flowId=${flow}&status=completed&limit=100`); let c = r.json.runs.length; let cur = r.json.nextCursor; while (cur) { const m = await api("GET", `/runs?flowId=${flow}&status=completed&limit=100&cursor=${cur}`); c += m.json.runs.length; cur = m.json.nextCursor; } if (c >= 200) break; await new Promise((res) => setTimeout(res, 250)); }
  console.log(`burst ${round}: ${((200 / (performance.now() - t0)) * 60000).toFixed(0)}/min`);
}
clearInterval(timer);
console.log("peak total", peakTotal.toFixed(0));
for (const [k, g] of Object.entries(peak).sort((a, b) => b[1].mb - a[1].mb)) console.log(k.padEnd(40), g.n, g.mb.toFixed(0));
await weft.stop(); process.exit(0);
