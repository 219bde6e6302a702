import type pg from "pg";
import { prepared } from "../db/prepared";

/** A run as the executor needs it. */
export interface RunRow {
  id: string;
  function_id: string;
  event: InngestEvent;
  status: "Running" | "Completed" | "Failed" | "Cancelled";
  steps: Record<string, unknown>;
  stack: string[];
  /** Inngest's ForceStepPlan: the SDK must plan steps instead of running them at once. */
  parallel: boolean;
  concurrency_key: string | null;
  started_at: Date;
  called_at: Date | null;
  state_size: string;
}

export interface QueueItem {
  id: string;
  run_id: string;
  kind: "call" | "wake" | "wait-timeout" | "run-timeout";
  step_id: string | null;
  attempt: number;
  parallel_mode: "race" | null;
}

/** What storing a step result did. */
export interface Saved {
  saved: boolean;
  /** Steps of the last parallel plan still to finish. */
  pending: boolean;
}

export interface InngestEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts: number;
  v?: string;
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** A wait for an event, with its run's triggering event. */
type WaitRow = {
  run_id: string;
  step_id: string;
  expression: string | null;
  event: InngestEvent;
  parallel_mode: QueueItem["parallel_mode"];
};

/** Queue work with its run, as the queue hands it out. */
export type DueItem = QueueItem & {
  function_id: string;
  concurrency_key: string | null;
  run: RunRow;
};

/** A due item whose run was read as JSON: its times made Dates again. */
function withDates(row: DueItem): DueItem {
  row.run.started_at = new Date(row.run.started_at);
  row.run.called_at = row.run.called_at && new Date(row.run.called_at);
  return row;
}

/** A connection or server error from PostgreSQL: the work is retried, not failed. */
export function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    (typeof code === "string" &&
      (/^(08|53|57|58|XX)/.test(code) ||
        ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code))) ||
    /Connection terminated|Client has encountered a connection error|not queryable|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(
      String((error as Error)?.message),
    )
  );
}

/** Marks step $2 of run $1 planned, once: `planned` has the run's id only the first time. */
const PLAN_ONCE = `WITH planned AS (
  UPDATE inngest_run SET planned = planned || to_jsonb($2::text)
  WHERE id = $1 AND status = 'Running' AND NOT planned ? $2 AND NOT steps ? $2 RETURNING id
)`;

/**
 * Records the keys `rows` selects (id, time) and returns those not seen in the 24 hours before
 * `at`: one that was is left as it was, one last seen longer ago counts as new from now.
 */
const recordKeysSql = (rows: string, at: string) =>
  `INSERT INTO inngest_event_id (id, received_at) ${rows}
   ON CONFLICT (id) DO UPDATE SET received_at = EXCLUDED.received_at
   WHERE inngest_event_id.received_at < ${at}::timestamptz - interval '24 hours'
   RETURNING id`;

/** Every read and write of the local server's state: plain SQL over the tables in schema.prisma. */
export class Store {
  constructor(readonly pool: pg.Pool) {}

  /** Every statement here has a fixed text: each is parsed and planned once per connection. */
  private query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ) {
    return this.pool.query<R>(prepared(text, values));
  }

  async saveFunction(
    id: string,
    appId: string,
    url: string,
    config: unknown,
    cronNextAt: Date | null,
  ) {
    await this.query(
      `INSERT INTO inngest_function (id, app_id, url, config, cron_next_at, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (id) DO UPDATE SET app_id = $2, url = $3, config = $4, updated_at = now(),
         cron_next_at = CASE WHEN inngest_function.config->'triggers' = $4::jsonb->'triggers'
                             THEN inngest_function.cron_next_at ELSE $5 END`,
      [id, appId, url, json(config), cronNextAt],
    );
  }

  async removeFunctionsExcept(appId: string, keep: string[]) {
    await this.query(`DELETE FROM inngest_function WHERE app_id = $1 AND NOT (id = ANY($2))`, [
      appId,
      keep,
    ]);
  }

  async functions(): Promise<{ id: string; config: unknown }[]> {
    return (
      await this.query<{ id: string; config: unknown }>(`SELECT id, config FROM inngest_function`)
    ).rows;
  }

  /**
   * Records keys (event ids, per-function run keys); returns those not seen in the last 24 hours.
   * One statement: a key last seen longer ago counts as new and is seen again from now.
   */
  async newKeys(ids: string[], now: Date): Promise<Set<string>> {
    const { rows } = await this.query<{ id: string }>(
      recordKeysSql("SELECT unnest($1::text[]), $2", "$2"),
      [ids, now],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Forgets keys not seen for 24 hours (they count as new anyway): keeps the table small. */
  async forgetOldKeys(now: Date) {
    await this.query(
      `DELETE FROM inngest_event_id WHERE received_at < $1::timestamptz - interval '24 hours'`,
      [now],
    );
  }

  /**
   * A run and its first call, due now; with `timeoutAt`, the time its start timeout is checked.
   * With an `idempotencyKey` (see newKeys), only when the key is new, in the same statement: a
   * crash can never leave the key recorded without its run (a repeat would then be dropped, the run
   * lost). `leased`: the caller makes the first call itself (the lease keeps the queue from making
   * it too; a restart releases it). Returns that call's item with its run, or null when the key
   * was taken.
   */
  async createRun(run: {
    id: string;
    functionId: string;
    event: InngestEvent;
    concurrencyKey: string | null;
    now: Date;
    timeoutAt: Date | null;
    idempotencyKey?: string | null;
    leased?: boolean;
  }): Promise<DueItem | null> {
    const { rows } = await this.query<DueItem>(
      `WITH fresh AS (${recordKeysSql("SELECT $7, $5 WHERE $7::text IS NOT NULL", "$5")}), run AS (
         INSERT INTO inngest_run (id, function_id, event, status, concurrency_key, started_at)
         SELECT $1, $2, $3, 'Running', $4, $5 WHERE $7::text IS NULL OR EXISTS (SELECT 1 FROM fresh)
         RETURNING *
       ), timeout AS (
         INSERT INTO inngest_queue_item (run_id, kind, available_at)
         SELECT id, 'run-timeout', $6 FROM run WHERE $6::timestamptz IS NOT NULL
       )
       INSERT INTO inngest_queue_item (run_id, kind, available_at, leased)
       SELECT id, 'call', $5, $8 FROM run
       RETURNING id::text, run_id, kind, step_id, attempt, parallel_mode,
         (SELECT function_id FROM run), (SELECT concurrency_key FROM run),
         (SELECT to_jsonb(run) FROM run) AS run`,
      [
        run.id,
        run.functionId,
        json(run.event),
        run.concurrencyKey,
        run.now,
        run.timeoutAt,
        run.idempotencyKey ?? null,
        run.leased ?? false,
      ],
    );
    return rows[0] ? withDates(rows[0]) : null;
  }

  /** Records the first call of a run; true the first time. */
  async markCalled(runId: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.query(
      `UPDATE inngest_run SET called_at = $2 WHERE id = $1 AND called_at IS NULL`,
      [runId, now],
    );
    return rowCount === 1;
  }

  async run(id: string): Promise<RunRow | undefined> {
    return (await this.query<RunRow>(`SELECT * FROM inngest_run WHERE id = $1`, [id])).rows[0];
  }

  async runningRuns(functionId: string): Promise<RunRow[]> {
    return (
      await this.query<RunRow>(
        `SELECT * FROM inngest_run WHERE function_id = $1 AND status = 'Running'`,
        [functionId],
      )
    ).rows;
  }

  async enqueue(
    runId: string,
    kind: QueueItem["kind"],
    stepId: string | null,
    attempt: number,
    at: Date,
    parallelMode: QueueItem["parallel_mode"] = null,
  ) {
    // Only for a run still going: work queued for an ended run would never be taken or dropped.
    await this.query(
      `INSERT INTO inngest_queue_item (run_id, kind, step_id, attempt, available_at, parallel_mode)
       SELECT id, $2::text, $3::text, $4::int, $5::timestamptz, $6::text
       FROM inngest_run WHERE id = $1 AND status = 'Running'`,
      [runId, kind, stepId, attempt, at, parallelMode],
    );
  }

  /**
   * Schedules planned steps once each (a call for it, or the end of its sleep), in one statement
   * with marking them planned: a step is never planned without its work, nor scheduled twice. The
   * run's row is locked first, so plans arriving together see each other's steps.
   */
  async schedule(
    runId: string,
    plans: {
      stepId: string;
      kind: "call" | "wake";
      at: Date;
      parallelMode: QueueItem["parallel_mode"];
    }[],
  ) {
    await this.query(
      `WITH run AS (
         SELECT id, planned, steps FROM inngest_run WHERE id = $1 AND status = 'Running' FOR UPDATE
       ), fresh AS (
         SELECT DISTINCT ON (plan->>'stepId') plan->>'stepId' AS step_id, plan->>'kind' AS kind,
           (plan->>'at')::timestamptz AS available_at, plan->>'parallelMode' AS parallel_mode
         FROM run, jsonb_array_elements($2::jsonb) AS plan
         WHERE NOT run.planned ? (plan->>'stepId') AND NOT run.steps ? (plan->>'stepId')
       ), planned AS (
         UPDATE inngest_run r SET planned = r.planned || (SELECT jsonb_agg(step_id) FROM fresh)
         FROM run WHERE r.id = run.id AND EXISTS (SELECT 1 FROM fresh) RETURNING r.id
       )
       INSERT INTO inngest_queue_item (run_id, kind, step_id, available_at, parallel_mode)
       SELECT planned.id, fresh.kind, fresh.step_id, fresh.available_at, fresh.parallel_mode
       FROM planned, fresh`,
      [runId, json(plans)],
    );
  }

  /** Sets or clears Inngest's ForceStepPlan for a run. */
  async forceStepPlan(runId: string, on: boolean) {
    await this.query(`UPDATE inngest_run SET parallel = $2 WHERE id = $1 AND parallel <> $2`, [
      runId,
      on,
    ]);
  }

  /**
   * A parallel plan: these steps must all end before the next discovery (race mode aside). A step
   * whose result was stored since the call began (a sibling's race-mode discovery reports steps
   * that ended meanwhile) is left out, or the plan would wait for it forever.
   */
  async savePending(runId: string, stepIds: string[]) {
    await this.query(
      `UPDATE inngest_run SET pending = COALESCE(
         (SELECT jsonb_agg(step) FROM jsonb_array_elements_text($2::jsonb) AS step WHERE NOT steps ? step),
         '[]'::jsonb)
       WHERE id = $1`,
      [runId, json(stepIds)],
    );
  }

  /**
   * Stores a step's state once and takes it off the pending plan: `{ data }` or `{ error }` for a
   * step the app ran, null for a sleep or a wait that timed out, the event that ended a wait (as
   * Inngest stores them). `saved` is false if the run had it already or is no longer running.
   */
  async memoize(runId: string, stepId: string, result: unknown): Promise<Saved> {
    const text = json(result);
    const { rows } = await this.query<{ pending: boolean }>(
      `UPDATE inngest_run SET steps = steps || jsonb_build_object($2::text, $3::jsonb),
              stack = stack || to_jsonb($2::text), pending = pending - $2::text,
              state_size = state_size + $4
       WHERE id = $1 AND status = 'Running' AND NOT steps ? $2
       RETURNING jsonb_array_length(pending) > 0 AS pending`,
      [runId, stepId, text, Buffer.byteLength(text)],
    );
    if (rows[0]) return { saved: true, pending: rows[0].pending };
    const { rows: current } = await this.query<{ pending: boolean }>(
      `SELECT jsonb_array_length(pending) > 0 AS pending FROM inngest_run WHERE id = $1`,
      [runId],
    );
    return { saved: false, pending: current[0]?.pending ?? false };
  }

  /**
   * Stores the results of steps a call checkpoints, in their order, in one statement: each step
   * once (one the run has already is left as it was) and taken off the pending plan. False when the
   * run is no longer running.
   */
  async memoizeAll(runId: string, results: { stepId: string; result: unknown }[]) {
    // The size counted as memoize counts it: the result's JSON text.
    const steps = results.map(({ stepId, result }) => [
      stepId,
      result ?? null,
      Buffer.byteLength(json(result)),
    ]);
    const { rowCount } = await this.query(
      `WITH given AS (
         SELECT DISTINCT ON (step->>0) step->>0 AS id, step->1 AS result, (step->>2)::bigint AS size,
           position
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS given(step, position)
         ORDER BY step->>0, position
       ), fresh AS (
         SELECT given.* FROM given, inngest_run r WHERE r.id = $1 AND NOT r.steps ? given.id
       )
       UPDATE inngest_run SET
         steps = steps || COALESCE((SELECT jsonb_object_agg(id, result) FROM fresh), '{}'),
         stack = stack || COALESCE((SELECT jsonb_agg(id ORDER BY position) FROM fresh), '[]'),
         pending = pending - COALESCE((SELECT array_agg(id) FROM fresh), '{}'),
         state_size = state_size + COALESCE((SELECT sum(size) FROM fresh), 0)
       WHERE id = $1 AND status = 'Running'`,
      [runId, json(steps)],
    );
    return rowCount === 1;
  }

  /** Ends a run once; drops its pending work. False if it had already ended. */
  async finish(
    runId: string,
    status: "Completed" | "Failed" | "Cancelled",
    result: { output?: unknown; error?: unknown },
    now: Date,
  ) {
    // One statement: a run never ends with its queue or waits left behind.
    const { rows } = await this.query<{ ended: number }>(
      `WITH run AS (
         UPDATE inngest_run SET status = $2, output = $3, error = $4, ended_at = $5
         WHERE id = $1 AND status = 'Running' RETURNING id
       ), queue AS (DELETE FROM inngest_queue_item WHERE run_id = $1),
       waits AS (DELETE FROM inngest_wait WHERE run_id = $1)
       SELECT count(*)::int AS ended FROM run`,
      [runId, status, json(result.output), json(result.error), now],
    );
    return rows[0]?.ended === 1;
  }

  /** Due, unleased work of running runs, oldest first. */
  async dueItems(now: Date, limit: number): Promise<DueItem[]> {
    const { rows } = await this.query<DueItem>(
      `SELECT q.id::text, q.run_id, q.kind, q.step_id, q.attempt, q.parallel_mode, r.function_id, r.concurrency_key,
              to_jsonb(r) AS run
       FROM inngest_queue_item q JOIN inngest_run r ON r.id = q.run_id
       WHERE NOT q.leased AND q.available_at <= $1 AND r.status = 'Running'
       ORDER BY q.available_at, q.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(withDates);
  }

  /**
   * When the next unleased item of a running run, or the next cron of these functions, falls due;
   * null if none.
   */
  async nextDueAt(functionIds: string[]): Promise<Date | null> {
    const { rows } = await this.query<{ at: Date | null }>(
      `SELECT LEAST(
         (SELECT min(q.available_at) FROM inngest_queue_item q JOIN inngest_run r ON r.id = q.run_id
          WHERE NOT q.leased AND r.status = 'Running'),
         (SELECT min(cron_next_at) FROM inngest_function WHERE id = ANY($1::text[]))
       ) AS at`,
      [functionIds],
    );
    return rows[0]?.at ?? null;
  }

  /** Leases the items not leased yet, in one statement; returns the ids it leased. */
  async lease(itemIds: string[]): Promise<Set<string>> {
    const { rows } = await this.query<{ id: string }>(
      `UPDATE inngest_queue_item SET leased = true WHERE id = ANY($1::bigint[]) AND NOT leased
       RETURNING id::text`,
      [itemIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  async done(itemIds: string[]) {
    await this.query(`DELETE FROM inngest_queue_item WHERE id = ANY($1::bigint[])`, [itemIds]);
  }

  /** Work whose processing broke off (the database went away): due again at `at`. */
  async release(itemIds: string[], at: Date) {
    await this.query(
      `UPDATE inngest_queue_item SET leased = false, available_at = $2 WHERE id = ANY($1::bigint[])`,
      [itemIds, at],
    );
  }

  /** After a crash: work that was in flight is due again. */
  async releaseLeases() {
    await this.query(`UPDATE inngest_queue_item SET leased = false WHERE leased`);
  }

  /** Plans a wait for an event once: the wait and its timeout, in one statement. */
  async addWait(
    runId: string,
    stepId: string,
    eventName: string,
    expression: string | null,
    expiresAt: Date,
    parallelMode: QueueItem["parallel_mode"],
  ) {
    await this.query(
      `${PLAN_ONCE}, w AS (
         INSERT INTO inngest_wait (run_id, step_id, event_name, expression, expires_at)
         SELECT id, $2::text, $3::text, $4::text, $5::timestamptz FROM planned
       )
       INSERT INTO inngest_queue_item (run_id, kind, step_id, available_at, parallel_mode)
       SELECT id, 'wait-timeout', $2::text, $5::timestamptz, $6::text FROM planned`,
      [runId, stepId, eventName, expression, expiresAt, parallelMode],
    );
  }

  async waitsFor(eventName: string): Promise<WaitRow[]> {
    const { rows } = await this.query<WaitRow>(
      `SELECT w.run_id, w.step_id, w.expression, r.event,
              (SELECT q.parallel_mode FROM inngest_queue_item q
               WHERE q.run_id = w.run_id AND q.step_id = w.step_id AND q.kind = 'wait-timeout' LIMIT 1) AS parallel_mode
       FROM inngest_wait w JOIN inngest_run r ON r.id = w.run_id
       WHERE w.event_name = $1 AND r.status = 'Running'`,
      [eventName],
    );
    return rows;
  }

  /** Ends a wait once (by its event or its timeout); false if it had already ended. */
  async endWait(runId: string, stepId: string): Promise<boolean> {
    const { rows } = await this.query<{ ended: number }>(
      `WITH wait AS (DELETE FROM inngest_wait WHERE run_id = $1 AND step_id = $2 RETURNING 1),
       timeout AS (
         DELETE FROM inngest_queue_item WHERE run_id = $1 AND step_id = $2 AND kind = 'wait-timeout'
       )
       SELECT count(*)::int AS ended FROM wait`,
      [runId, stepId],
    );
    return rows[0]?.ended === 1;
  }

  async dueCrons(now: Date): Promise<{ id: string; cron_next_at: Date }[]> {
    return (
      await this.query<{ id: string; cron_next_at: Date }>(
        `SELECT id, cron_next_at FROM inngest_function WHERE cron_next_at <= $1`,
        [now],
      )
    ).rows;
  }

  /** Moves a cron to its next slot; false if another tick already did. */
  async advanceCron(id: string, from: Date, to: Date | null): Promise<boolean> {
    const { rowCount } = await this.query(
      `UPDATE inngest_function SET cron_next_at = $3 WHERE id = $1 AND cron_next_at = $2`,
      [id, from, to],
    );
    return rowCount === 1;
  }
}
