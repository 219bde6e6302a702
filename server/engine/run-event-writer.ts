import "server-only";
import type { NodeChange, RunChange } from "@/lib/schemas/run-event";
import type { Transaction } from "../db/client";
import { asJson } from "../db/json";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";

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

/** Appends a change of the run itself, in `tx`: `announce` it once `tx` has committed. */
export async function recordRunChange(tx: Transaction, runId: string, change: RunChange) {
  await tx.runEvent.create({ data: { runId, type: "run", nodeId: null, data: asJson(change) } });
}

/**
 * For statements that change state and append its event in one round trip: a CTE `appended`
 * that inserts the event for each row of `from` (which has an `id` column: the run id). `data` is
 * a SQL expression of type jsonb (a NodeChange or RunChange). Once the statement has committed,
 * `announce` the change.
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
    )`;
}

/**
 * Announcements wait here for the statement that sends them. They used to go out with the change
 * itself (`pg_notify` in its transaction), but PostgreSQL serialises the commits of all
 * transactions that notify, each with its WAL flush: a burst of runs then committed one node
 * change at a time. Sent after the commit instead, a listener that wakes still finds the change.
 * An announcement goes out at once when none is on its way; otherwise it waits for that one and
 * goes with everything else announced meanwhile (a change announced twice wakes a listener
 * once). If the app stops between a commit and its announcement, a listener elsewhere hears of
 * the change with the run's next one or its own timeout; losing the database connection wakes
 * every listener anyway (listener.ts).
 */
const pending = new Set<string>();
let sending = false;

/** Announces a committed change of `runId`'s nodes or of the run itself, to every instance. */
export function announce(runId: string, type: "run" | "node") {
  pending.add(type === "run" ? runId + RUN_CHANGE_SUFFIX : runId);
  if (!sending) void sendAnnouncements();
}

async function sendAnnouncements() {
  sending = true;
  while (pending.size > 0) {
    const payloads = [...pending];
    pending.clear();
    try {
      await pool().query(
        prepared(`SELECT count(pg_notify($1, payload))::int FROM unnest($2::text[]) AS payload`, [
          RUN_EVENTS_CHANNEL,
          payloads,
        ]),
      );
    } catch {
      // The database is out of reach: the listeners lose their connection too and wake up.
    }
  }
  sending = false;
}

export type { NodeChange, RunChange };
