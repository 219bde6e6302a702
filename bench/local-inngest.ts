// npm run bench:inngest – how fast the local Inngest server drives a real serve() handler.
// Prints: time for one run of 40 sequential steps, the median overhead per step, and the time
// for 200 runs sent at once. Uses a scratch embedded PostgreSQL under .data/bench.
import { createServer } from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import pg from "pg";
import { startScratchDatabase } from "./scratch-database";
import { startLocalInngestServer } from "../server/local-inngest/index";
import { silentLogger } from "../server/local-inngest/log";

const database = await startScratchDatabase("bench");
const { databaseUrl } = database;

const local = await startLocalInngestServer({ databaseUrl, port: 0, log: silentLogger });
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const client = new Inngest({ id: "bench", baseUrl: local.url, isDev: true, logger: quiet });
const stepStarts: number[] = [];
const functions = [
  client.createFunction({ id: "forty", triggers: [{ event: "bench/forty" }] }, async ({ step }) => {
    let total = 0;
    for (let i = 0; i < 40; i++) {
      total += await step.run(`step-${i}`, () => {
        stepStarts.push(performance.now());
        return i;
      });
    }
    return total;
  }),
  client.createFunction({ id: "small", triggers: [{ event: "bench/small" }] }, async ({ step }) => {
    const a = await step.run("a", () => 1);
    return a + (await step.run("b", () => 2));
  }),
];
const app = createServer(serve({ client, functions }));
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
await fetch(`http://127.0.0.1:${(app.address() as { port: number }).port}/api/inngest`, {
  method: "PUT",
});

const pool = new pg.Pool({ connectionString: databaseUrl });
async function waitFor(sql: string, expected: number) {
  for (;;) {
    const { rows } = await pool.query(sql);
    if (rows[0]?.n >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const fortyTimes: number[] = [];
const perStep: number[] = [];
for (let round = 0; round < 5; round++) {
  stepStarts.length = 0;
  const started = performance.now();
  await client.send({ name: "bench/forty" });
  await waitFor(
    `SELECT count(*)::int AS n FROM inngest_run WHERE function_id = 'bench-forty' AND status = 'Completed'`,
    round + 1,
  );
  fortyTimes.push(performance.now() - started);
  for (let i = 1; i < stepStarts.length; i++) perStep.push(stepStarts[i]! - stepStarts[i - 1]!);
}

const burstStart = performance.now();
await client.send(Array.from({ length: 200 }, (_, i) => ({ name: "bench/small", data: { i } })));
await waitFor(
  `SELECT count(*)::int AS n FROM inngest_run WHERE function_id = 'bench-small' AND status = 'Completed'`,
  200,
);
const burst = performance.now() - burstStart;

console.log(
  `40 sequential steps, one run: median ${median(fortyTimes).toFixed(0)} ms (runs: ${fortyTimes.map((t) => t.toFixed(0)).join(", ")} ms)`,
);
console.log(`overhead per step (start to next start): median ${median(perStep).toFixed(1)} ms`);
console.log(`200 runs of 2 steps sent at once: all completed in ${burst.toFixed(0)} ms`);

app.close();
await pool.end();
await local.stop();
await database.stop();
