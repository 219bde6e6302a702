// npm run bench:runs – the runs page's query on 100,000 runs of one team (plus 20,000 of another):
// p50/p95 server time of a filtered page (flow, status, trigger, time range, next page by cursor).
// Run with --conditions=react-server so `server-only` imports resolve (see package.json).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { startScratchDatabase } from "./scratch-database";

const RUNS = 100_000;
const FLOWS = 20;
const ROUNDS = 200;

const database = await startScratchDatabase("bench-runs");
Object.assign(process.env, {
  DATABASE_URL: database.databaseUrl,
  NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
  WEFT_SECRET_KEY: randomBytes(32).toString("base64url"),
});
const { db } = await import("../server/db/client");
const { listRuns } = await import("../server/runs/read-runs");
const { signUp } = await import("../server/users/sign-up");

async function teamWithFlows(email: string) {
  const user = (await signUp({ name: "Bench", email, password: "bench bench bench" }, "bench"))!;
  const { teamId } = await db().membership.findFirstOrThrow({ where: { userId: user.id } });
  const flows = [];
  for (let i = 0; i < FLOWS; i++)
    flows.push(
      await db().flow.create({
        data: {
          teamId,
          name: `flow ${i}`,
          latestVersion: 1,
          versions: { create: { number: 1, document: { nodes: [], edges: [] } } },
        },
        include: { versions: true },
      }),
    );
  return { teamId, flows };
}

/** `count` runs spread over the last `count` minutes: 85% completed, 10% failed, 4% cancelled, 1% running. */
async function seed(
  client: pg.Client,
  teamId: string,
  flows: { id: string; versions: { id: string }[] }[],
  count: number,
  prefix: string,
) {
  await client.query(
    `INSERT INTO "Run" ("id", "teamId", "flowId", "flowVersionId", "version", "status", "trigger", "createdAt", "startedAt", "finishedAt")
     SELECT $1 || lpad(i::text, 7, '0'), $2, (f.ids)[1 + i % $3], (f.versions)[1 + i % $3], 1,
            (CASE WHEN r < 0.85 THEN 'COMPLETED' WHEN r < 0.95 THEN 'FAILED' WHEN r < 0.99 THEN 'CANCELLED' ELSE 'RUNNING' END)::"RunStatus",
            (ARRAY['MANUAL','SCHEDULE','WEBHOOK','API'])[1 + i % 4]::"RunTrigger",
            now() - make_interval(mins => i), now() - make_interval(mins => i),
            CASE WHEN r < 0.99 THEN now() - make_interval(mins => i) + make_interval(secs => 1 + r * 30) END
     FROM generate_series(1, $4) AS i, LATERAL (SELECT random() + 0 * i AS r) AS rnd,
          (SELECT $5::text[] AS ids, $6::text[] AS versions) AS f`,
    [
      prefix,
      teamId,
      flows.length,
      count,
      flows.map((f) => f.id),
      flows.map((f) => f.versions[0]!.id),
    ],
  );
}

const ours = await teamWithFlows("bench@example.test");
const theirs = await teamWithFlows("other@example.test");
const client = new pg.Client({ connectionString: database.databaseUrl });
await client.connect();
let started = performance.now();
await seed(client, ours.teamId, ours.flows, RUNS, "run");
await seed(client, theirs.teamId, theirs.flows, RUNS / 5, "other");
await client.query(`ANALYZE "Run"`);
await client.end();
console.log(
  `seeded ${RUNS + RUNS / 5} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const weekAgo = new Date(Date.now() - 7 * 86_400_000);
const firstPage = await listRuns(ours.teamId, { limit: 50 });
const cases: [string, Record<string, unknown>][] = [
  ["first page, no filter", {}],
  ["by flow", { flowId: ours.flows[3]!.id }],
  ["by status failed", { status: "FAILED" }],
  ["by status running (1%)", { status: "RUNNING" }],
  ["by trigger webhook", { trigger: "WEBHOOK" }],
  ["flow + status failed", { flowId: ours.flows[3]!.id, status: "FAILED" }],
  ["last 7 days, failed", { status: "FAILED", since: weekAgo }],
  [
    "one day a month ago",
    {
      since: new Date(Date.now() - 31 * 86_400_000),
      until: new Date(Date.now() - 30 * 86_400_000),
    },
  ],
  ["next page by cursor", { cursor: firstPage.nextCursor }],
];
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
let worst = 0;
for (const [name, filter] of cases) {
  for (let i = 0; i < 20; i++) await listRuns(ours.teamId, { limit: 50, ...filter });
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < ROUNDS; i++) {
    started = performance.now();
    rows = (await listRuns(ours.teamId, { limit: 50, ...filter })).runs.length;
    times.push(performance.now() - started);
  }
  if (rows === 0) throw new Error(`"${name}" found no runs: the seed does not cover it`);
  times.sort((a, b) => a - b);
  worst = Math.max(worst, quantile(times, 0.95));
  console.log(
    `${name.padEnd(26)} ${String(rows).padStart(3)} rows  p50 ${quantile(times, 0.5).toFixed(2)} ms  p95 ${quantile(times, 0.95).toFixed(2)} ms`,
  );
}
console.log(`worst p95: ${worst.toFixed(2)} ms (target < 100 ms)`);
await db().$disconnect();
await database.stop();
