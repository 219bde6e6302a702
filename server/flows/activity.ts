import "server-only";
import { nextFireTimes } from "@/lib/schedules/timing";
import { pool } from "../db/pool";

export interface FlowActivity {
  lastRun: { id: string; status: string; createdAt: string } | null;
  /** Runs started on each of the last 7 days (UTC), oldest first. */
  runsByDay: number[];
  /** The next time a schedule of the flow fires (ISO), if it has an active one. */
  nextRunAt: string | null;
  /** Who saved the latest version. */
  updatedBy: string | null;
}

const DAYS = 7;

/**
 * What the flows list shows beside each flow of a team: its last run, its runs per day this week,
 * the next scheduled run and who saved it last. Three statements, whatever the number of flows.
 */
export async function flowActivity(
  teamId: string,
  now = new Date(),
): Promise<Record<string, FlowActivity>> {
  const since = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (DAYS - 1)),
  );
  const [flows, counts, schedules] = await Promise.all([
    pool().query<{ id: string; updatedBy: string | null; lastRun: FlowActivity["lastRun"] }>(
      `SELECT f.id, u.name AS "updatedBy",
         (SELECT json_build_object('id', r.id, 'status', r.status,
                   'createdAt', to_char(r."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            FROM "Run" r WHERE r."teamId" = f."teamId" AND r."flowId" = f.id
              AND r.trigger <> 'TEST'
            ORDER BY r."createdAt" DESC LIMIT 1) AS "lastRun"
       FROM "Flow" f
       LEFT JOIN "FlowVersion" v ON v."flowId" = f.id AND v.number = f."latestVersion"
       LEFT JOIN "User" u ON u.id = v."authorId"
       WHERE f."teamId" = $1`,
      [teamId],
    ),
    pool().query<{ flowId: string; day: number; runs: number }>(
      `SELECT "flowId", (("createdAt"::date - $2::date))::int AS day, count(*)::int AS runs
       FROM "Run" WHERE "teamId" = $1 AND "createdAt" >= $2 AND trigger <> 'TEST'
       GROUP BY 1, 2`,
      [teamId, since],
    ),
    pool().query<{
      flowId: string;
      kind: "CRON" | "INTERVAL";
      cron: string | null;
      timezone: string;
      intervalMinutes: number | null;
      anchor: Date | null;
      createdAt: Date;
    }>(
      `SELECT "flowId", kind::text AS kind, cron, timezone, "intervalMinutes", anchor, "createdAt"
       FROM "Schedule" WHERE "teamId" = $1 AND NOT paused`,
      [teamId],
    ),
  ]);
  const activity: Record<string, FlowActivity> = {};
  for (const flow of flows.rows)
    activity[flow.id] = {
      lastRun: flow.lastRun,
      runsByDay: Array<number>(DAYS).fill(0),
      nextRunAt: null,
      updatedBy: flow.updatedBy,
    };
  for (const { flowId, day, runs } of counts.rows)
    if (activity[flowId] && day >= 0 && day < DAYS) activity[flowId].runsByDay[day] = runs;
  for (const schedule of schedules.rows) {
    const entry = activity[schedule.flowId];
    if (!entry) continue;
    const [next] =
      schedule.kind === "CRON"
        ? nextFireTimes(
            { kind: "CRON", cron: schedule.cron ?? "", timezone: schedule.timezone },
            now,
            1,
          )
        : nextFireTimes(
            {
              kind: "INTERVAL",
              intervalMinutes: schedule.intervalMinutes ?? 60,
              anchor: schedule.anchor ?? schedule.createdAt,
            },
            now,
            1,
          );
    if (next && (!entry.nextRunAt || next.toISOString() < entry.nextRunAt))
      entry.nextRunAt = next.toISOString();
  }
  return activity;
}
