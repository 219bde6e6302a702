import "server-only";
import type { z } from "zod";
import { FINAL_RUN_STATUSES } from "@/lib/runs/status";
import { runStatsInput } from "@/lib/schemas/run";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { notFound } from "../errors";

export interface DayRow {
  day: string;
  completed: number;
  failed: number;
  cancelled: number;
  other: number;
  p50: number | null;
  p95: number | null;
}

interface FlowRow {
  flowId: string;
  name: string;
  runs: number;
  completed: number;
  failed: number;
  p95: number | null;
}

/** Seconds a finished run took, for the percentiles. */
const seconds = Prisma.sql`extract(epoch FROM r."finishedAt" - r."startedAt")`;
const finished = Prisma.sql`r."finishedAt" IS NOT NULL AND r."startedAt" IS NOT NULL`;

/**
 * The dashboard of the team, or of one flow: per UTC day of the last `days` days, runs by outcome
 * and duration p50/p95 (seconds); totals and success rate (completed of completed + failed:
 * a cancelled run is someone's decision, not the flow's failure); recent failures; and for the
 * team, the busiest flows.
 */
export async function runStats(teamId: string, raw: z.input<typeof runStatsInput>) {
  const { flowId, days } = runStatsInput.parse(raw);
  if (
    flowId &&
    !(await db().flow.findFirst({ where: { id: flowId, teamId }, select: { id: true } }))
  )
    throw notFound("Flow");
  // Tests of drafts are the editor's business, not the flow's record.
  const ofFlow = flowId
    ? Prisma.sql`AND r."flowId" = ${flowId} AND r.trigger <> 'TEST'`
    : Prisma.sql`AND r.trigger <> 'TEST'`;
  const perDay = await db().$queryRaw<DayRow[]>`
    WITH days AS (
      SELECT generate_series(
        date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${days - 1}),
        date_trunc('day', now() AT TIME ZONE 'UTC'),
        interval '1 day'
      ) AS day
    )
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
      count(r.id) FILTER (WHERE r.status = 'COMPLETED')::int AS completed,
      count(r.id) FILTER (WHERE r.status = 'FAILED')::int AS failed,
      count(r.id) FILTER (WHERE r.status = 'CANCELLED')::int AS cancelled,
      count(r.id) FILTER (WHERE r.status::text NOT IN (${Prisma.join([...FINAL_RUN_STATUSES])}))::int AS other,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds}) FILTER (WHERE ${finished}) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY ${seconds}) FILTER (WHERE ${finished}) AS p95
    FROM days d
    LEFT JOIN "Run" r ON r."teamId" = ${teamId} ${ofFlow}
      AND r."createdAt" >= d.day AND r."createdAt" < d.day + interval '1 day'
    GROUP BY d.day
    ORDER BY d.day`;
  const since = new Date(`${perDay[0]!.day}T00:00:00Z`);
  const flows = flowId
    ? []
    : await db().$queryRaw<FlowRow[]>`
        SELECT f.id AS "flowId", f.name,
          count(r.id)::int AS runs,
          count(r.id) FILTER (WHERE r.status = 'COMPLETED')::int AS completed,
          count(r.id) FILTER (WHERE r.status = 'FAILED')::int AS failed,
          percentile_cont(0.95) WITHIN GROUP (ORDER BY ${seconds}) FILTER (WHERE ${finished}) AS p95
        FROM "Run" r JOIN "Flow" f ON f.id = r."flowId"
        WHERE r."teamId" = ${teamId} ${ofFlow} AND r."createdAt" >= ${since}
        GROUP BY f.id, f.name
        ORDER BY runs DESC, f.name
        LIMIT 20`;
  const [durations] = await db().$queryRaw<{ p50: number | null; p95: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds}) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY ${seconds}) AS p95
    FROM "Run" r
    WHERE r."teamId" = ${teamId} ${ofFlow} AND r."createdAt" >= ${since} AND ${finished}`;
  const recentFailures = await db().run.findMany({
    where: {
      teamId,
      status: "FAILED",
      trigger: { not: "TEST" },
      createdAt: { gte: since },
      ...(flowId ? { flowId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 10,
    select: {
      id: true,
      error: true,
      createdAt: true,
      trigger: true,
      flow: { select: { name: true } },
    },
  });
  const sum = (key: "completed" | "failed" | "cancelled" | "other") =>
    perDay.reduce((total, day) => total + day[key], 0);
  const totals = {
    completed: sum("completed"),
    failed: sum("failed"),
    cancelled: sum("cancelled"),
    other: sum("other"),
  };
  const decided = totals.completed + totals.failed;
  return {
    days,
    perDay,
    totals: {
      ...totals,
      runs: decided + totals.cancelled + totals.other,
      successRate: decided ? totals.completed / decided : null,
      p50: durations?.p50 ?? null,
      p95: durations?.p95 ?? null,
    },
    flows,
    recentFailures,
  };
}
