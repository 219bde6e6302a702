import "server-only";
import type { NodeChange, RunChange } from "@/lib/schemas/run-event";
import type { Transaction } from "../db/client";
import { asJson } from "../db/json";

/**
 * The one writer of a run's event stream (what the run page follows) and of its announcement,
 * `pg_notify(RUN_EVENTS_CHANNEL, runId)` for a node's change and `runId:run` for the run's own,
 * which every app instance's listener receives (a client waiting for the run's end wakes only
 * for the latter).
 *
 * Whoever appends holds the run's row lock (the writer has updated the run, or locked it), so a
 * run's events commit in id order and a reader that has seen id n never sees a smaller one appear
 * later. Without it, parallel nodes' events could commit out of order and a live reader would skip
 * one.
 */
export const RUN_EVENTS_CHANNEL = "weft_run_events";
/** Ends the announcement of a change of the run itself (its status), after the run id. */
export const RUN_CHANGE_SUFFIX = ":run";

/** Appends a change of the run itself, in `tx`. */
export async function recordRunChange(tx: Transaction, runId: string, change: RunChange) {
  await tx.runEvent.create({ data: { runId, type: "run", nodeId: null, data: asJson(change) } });
  await tx.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${runId + RUN_CHANGE_SUFFIX})`;
}

/**
 * For statements that change state and append its event in one round trip: CTEs that insert the
 * event for each row of `from` (which has an `id` column: the run id) and announce it.
 * `data` is a SQL expression of type jsonb (a NodeChange or RunChange). The statement must read
 * `announced` (PostgreSQL skips a plain SELECT in WITH that nothing reads): end it with
 * `SELECT … (SELECT count(*) FROM announced) …`.
 */
export function appendEventSql(options: {
  from: string;
  type: "run" | "node";
  nodeId: string;
  data: string;
}) {
  return `appended AS (
      INSERT INTO "RunEvent" ("runId", type, "nodeId", data)
      SELECT ${options.from}.id, '${options.type}', ${options.nodeId}, ${options.data} FROM ${options.from}
      RETURNING "runId"
    ), announced AS (
      SELECT pg_notify('${RUN_EVENTS_CHANNEL}', "runId"${options.type === "run" ? ` || '${RUN_CHANGE_SUFFIX}'` : ""})
      FROM (SELECT DISTINCT "runId" FROM appended) AS runs
    )`;
}

export type { NodeChange, RunChange };
