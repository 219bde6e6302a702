import "server-only";
import type { Inngest } from "inngest";
import { isActiveRun, sqlList, WAITING_RUN_STATUSES } from "@/lib/runs/status";
import { pool } from "../db/pool";
import { env } from "../env";
import { runFinished, runRequested } from "./events";
import { abandonRun } from "./lifecycle";

/** A run still Pending this long after it was created was never handed to Inngest. */
export const PENDING_GRACE_MS = 30_000;
/** A run Inngest has not taken in this long is ended. */
export const PENDING_LIMIT_MS = 60 * 60_000;
/** A Running run without an event for this long has its Inngest run looked up. */
export const QUIET_MS = 10 * 60_000;

export interface Reconciled {
  requested: string[];
  abandoned: { runId: string; reason: string }[];
}

/**
 * Finds runs that no execution will ever finish and resumes or ends them, so no accepted run is
 * left Pending or Running for good (runs every minute, and so shortly after every start):
 * - a top-level run still Pending after PENDING_GRACE_MS is requested again with its own event id
 *   (`run-<id>`), so when the first request did arrive, Inngest drops the repeat (a run accepted
 *   while Inngest was down starts this way); one still Pending after an hour is ended Failed;
 * - a subflow run still Pending after its parent ended is ended Failed; one handed over (Pending)
 *   while its parent runs is requested again;
 * - with Weft's local Inngest server (whose state shares this database), a Running run that has
 *   been quiet for QUIET_MS and whose Inngest run has ended, or never existed, is ended Failed.
 *   With Inngest Cloud or a self-hosted Inngest that last check is not possible; the flow-run
 *   function's onFailure ends runs that Inngest gives up on.
 */
export async function reconcileRuns(
  client: Inngest,
  now = new Date(),
  localInngest = env().WEFT_LOCAL_INNGEST === "1",
): Promise<Reconciled> {
  const result: Reconciled = { requested: [], abandoned: [] };
  const abandon = async (runId: string, reason: string) => {
    const { abandoned, parentRunId } = await abandonRun(runId, reason);
    if (!abandoned) return;
    result.abandoned.push({ runId, reason });
    if (parentRunId)
      await client.send(runFinished.create({ runId, status: "FAILED" })).catch(() => {});
  };

  const { rows: pending } = await pool().query<{
    id: string;
    status: string;
    parentStatus: string | null;
  }>(
    `SELECT r.id, r.status::text AS status, p.status::text AS "parentStatus" FROM "Run" r
     LEFT JOIN "Run" p ON p.id = r."parentRunId"
     WHERE r.status IN (${sqlList(WAITING_RUN_STATUSES)}) AND r."createdAt" < $1
     ORDER BY r."createdAt" LIMIT 500`,
    [new Date(now.getTime() - PENDING_GRACE_MS)],
  );
  const orphans = pending.filter((run) => run.parentStatus !== null);
  for (const run of orphans)
    if (!isActiveRun(run.parentStatus!))
      await abandon(run.id, "Its parent run ended before starting it");
  const { rows: expired } = await pool().query<{ id: string }>(
    `SELECT id FROM "Run" WHERE status IN (${sqlList(WAITING_RUN_STATUSES)}) AND "parentRunId" IS NULL
     AND "createdAt" < $1 LIMIT 500`,
    [new Date(now.getTime() - PENDING_LIMIT_MS)],
  );
  for (const run of expired)
    await abandon(run.id, "Inngest did not take the run within an hour of its start");
  const gone = new Set(expired.map((run) => run.id));
  // Top-level runs, and subflow children handed over (Pending, not Scheduled: those wait their
  // turn) whose request may have been lost with a crash.
  const lost = pending.filter((run) =>
    run.parentStatus === null
      ? !gone.has(run.id)
      : isActiveRun(run.parentStatus) && run.status === "PENDING",
  );
  if (lost.length) {
    await client.send(
      lost.map((run) => runRequested.create({ runId: run.id }, { id: `run-${run.id}` })),
    );
    result.requested.push(...lost.map((run) => run.id));
  }

  if (localInngest) {
    const { rows: quiet } = await pool().query<{ id: string; inngest: string | null }>(
      `SELECT r.id,
         (SELECT i.status FROM inngest_run i
          WHERE i.function_id LIKE '%-flow-run' AND i.event->'data'->>'runId' = r.id
          ORDER BY i.started_at DESC LIMIT 1) AS inngest
       FROM "Run" r
       WHERE r.status = 'RUNNING'
         AND NOT EXISTS (SELECT 1 FROM "RunEvent" e WHERE e."runId" = r.id AND e."createdAt" > $1)
       LIMIT 500`,
      [new Date(now.getTime() - QUIET_MS)],
    );
    for (const run of quiet)
      if (run.inngest !== "Running")
        await abandon(
          run.id,
          run.inngest
            ? `Its execution ended (${run.inngest.toLowerCase()}) without finishing the run`
            : "Its execution was lost",
        );
  }
  return result;
}

/** Every minute: reconcile runs (see reconcileRuns). */
export function createReconcileFunction(client: Inngest) {
  return client.createFunction(
    { id: "reconcile-runs", name: "Reconcile runs", retries: 1, triggers: [{ cron: "* * * * *" }] },
    async ({ step }) => step.run("reconcile", () => reconcileRuns(client)),
  );
}
