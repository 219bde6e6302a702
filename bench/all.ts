// npm run bench – every benchmark in one sitting, one after another (they share the 2 cores, so
// never at once), then one table of what each printed, with the machine's load average before and
// after each, so two sittings can be compared. The browser benches need `next build` first (run
// when .next is missing). `--soak` adds the 3-minute soak.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";

const BENCHES = [
  "bench:validate",
  "bench:sandbox",
  "bench:inngest",
  "bench:engine",
  "bench:rest",
  "bench:editor",
  "bench:runs",
  "bench:live",
  ...(process.argv.includes("--soak") ? ["bench:soak"] : []),
];

if (!existsSync(".next/BUILD_ID")) {
  console.error("building the app for the browser benches (next build)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const rows: { bench: string; before: string; after: string; seconds: number; lines: string[] }[] =
  [];
for (const bench of BENCHES) {
  console.error(`running ${bench}…`);
  const before = load();
  const started = performance.now();
  const run = spawnSync("npm", ["run", "--silent", bench], {
    encoding: "utf8",
    timeout: 15 * 60_000,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = (run.stdout ?? "").split("\n").filter((line) => line.trim());
  if (run.status !== 0) lines.push(`FAILED (exit ${run.status ?? run.signal})`);
  rows.push({
    bench,
    before,
    after: load(),
    seconds: (performance.now() - started) / 1000,
    lines,
  });
}

console.log(`\nWeft benchmarks, ${new Date().toISOString()} (load average 1/5/15 min)\n`);
for (const row of rows) {
  console.log(`${row.bench}  (${row.seconds.toFixed(0)} s; load ${row.before} → ${row.after})`);
  for (const line of row.lines) console.log(`  ${line}`);
}
process.exit(rows.some((row) => row.lines.some((line) => line.startsWith("FAILED"))) ? 1 : 0);
