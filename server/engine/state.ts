import "server-only";
import type { FlowDocument } from "@/lib/flow/document";
import { db } from "../db/client";
import type { NodeStatus, RunStatus } from "../db/generated/client";
import { groupedWrite } from "../db/grouped-write";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import { ACTIVE_RUN_STATUSES, OPEN_NODE_STATUSES, sqlList } from "@/lib/runs/status";
import type { LogLine, NodeChange } from "@/lib/schemas/run-event";
import { announce, appendEventSql, recordRunChange } from "./run-event-writer";

export type { LogLine };

/**
 * Ends an active run as `status` (its unfinished nodes Cancelled) and appends the run event, in
 * one transaction. Returns the run's parent, or null when the run had already ended.
 */
export async function closeRun(
  runId: string,
  status: "CANCELLED" | "FAILED",
  error: string | null = null,
): Promise<{ parentRunId: string | null } | null> {
  const closed = await db().$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: { in: [...ACTIVE_RUN_STATUSES] } },
      data: { status, error, finishedAt: new Date() },
    });
    if (count === 0) return null;
    const finishedAt = new Date();
    await tx.nodeRun.updateMany({
      where: { runId, status: { in: [...OPEN_NODE_STATUSES] } },
      data: { status: "CANCELLED", finishedAt },
    });
    await recordRunChange(tx, runId, {
      status,
      ...(error ? { error } : {}),
      finishedAt: finishedAt.toISOString(),
    });
    return tx.run.findUniqueOrThrow({ where: { id: runId }, select: { parentRunId: true } });
  });
  if (closed) announce(runId, "run");
  return closed;
}

const ACTIVE_RUN: RunStatus[] = [...ACTIVE_RUN_STATUSES];

/** What a node's state change writes besides its status. `logs`/`attemptError` are appended. */
export interface NodeFields {
  attempts?: number;
  branch?: string | null;
  startedAt?: Date;
  finishedAt?: Date;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  logs?: LogLine[];
  attemptError?: unknown;
}

const COLUMNS: Record<Exclude<keyof NodeFields, "logs" | "attemptError">, string> = {
  attempts: "attempts",
  branch: "branch",
  startedAt: '"startedAt"',
  finishedAt: '"finishedAt"',
  input: "input",
  output: "output",
  error: "error",
};
const JSON_COLUMNS = new Set(["input", "output", "error"]);

/**
 * Moves a node to a new state unless it already ended or its run did (a cancelled run's nodes
 * stay cancelled), appends the run event and announces it: one statement, one round trip.
 * Returns false when the change did not apply.
 */
export async function setNodeState(
  runId: string,
  nodeId: string,
  status: NodeStatus,
  fields: NodeFields = {},
  note: Record<string, unknown> = {},
): Promise<boolean> {
  return (await writeNodeState(runId, nodeId, status, fields, note)).changed;
}

/**
 * `setNodeState`, and with `readOutput` the node's output as stored (jsonb orders an object's keys
 * its own way: what a later read of the row gives, not what was written).
 */
export async function writeNodeState(
  runId: string,
  nodeId: string,
  status: NodeStatus,
  fields: NodeFields = {},
  note: Record<string, unknown> = {},
  readOutput = false,
): Promise<{ changed: boolean; output?: unknown }> {
  // The event carries what the node's badge, timeline row and log show (not input or output).
  const change: NodeChange = {
    ...note,
    status,
    ...(fields.attempts !== undefined ? { attempts: fields.attempts } : {}),
    ...(fields.branch !== undefined ? { branch: fields.branch } : {}),
    ...(fields.startedAt ? { startedAt: fields.startedAt.toISOString() } : {}),
    ...(fields.finishedAt ? { finishedAt: fields.finishedAt.toISOString() } : {}),
    ...(fields.logs?.length ? { logs: fields.logs } : {}),
  };
  const values: unknown[] = [runId, nodeId, status, JSON.stringify(change)];
  const sets = [`status = $3::"NodeStatus"`];
  const param = (value: unknown) => `$${values.push(value)}`;
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = fields[key as keyof typeof COLUMNS];
    if (value === undefined) continue;
    sets.push(
      JSON_COLUMNS.has(key)
        ? `${column} = ${param(JSON.stringify(value ?? null))}::jsonb`
        : `${column} = ${param(value)}`,
    );
  }
  if (fields.logs?.length) sets.push(`logs = logs || ${param(JSON.stringify(fields.logs))}::jsonb`);
  if (fields.attemptError !== undefined)
    sets.push(
      `"attemptErrors" = "attemptErrors" || ${param(JSON.stringify([fields.attemptError]))}::jsonb`,
    );
  // Prepared: the statement's text depends on which fields change, never on their values. Parallel
  // nodes of the run that write at the same moment commit together (grouped-write.ts).
  const { rows } = await groupedWrite<{ changed: number; output?: unknown }>(
    runId,
    prepared(
      `WITH run AS (
        SELECT id FROM "Run" WHERE id = $1 AND status IN (${sqlList(ACTIVE_RUN_STATUSES)})
        FOR UPDATE
      ), changed AS (
        UPDATE "NodeRun" AS n SET ${sets.join(", ")}
        FROM run AS r
        WHERE n."runId" = r.id AND n."nodeId" = $2 AND n.status IN (${sqlList(OPEN_NODE_STATUSES)})
        RETURNING r.id${readOutput ? ", n.output" : ""}
      ), ${appendEventSql({ from: "changed", type: "node", nodeId: "$2", data: "$4::jsonb" })}
      SELECT (SELECT count(*) FROM appended)::int AS changed${readOutput ? ", (SELECT output FROM changed) AS output" : ""}`,
      values,
    ),
  );
  const changed = (rows[0]?.changed ?? 0) > 0;
  if (changed) announce(runId, "node");
  return { changed, output: rows[0]?.output };
}

/** What a run's state change writes besides its status. */
export interface RunFields {
  startedAt?: Date;
  finishedAt?: Date;
  error?: string | null;
}

/** Whether the flow of run `run` has a notification for a run ending `status` (SQL). */
export const notifiesSql = (run: string, status: string) =>
  `EXISTS (SELECT 1 FROM "FlowNotification" WHERE "flowId" = ${run}."flowId"
     AND (${status}::text <> 'COMPLETED' OR "onSuccess"))`;

/**
 * Sets a run's status (from one of `from`) and appends the run event, in one statement. Returns
 * the run's parent and whether its flow's notifications want this status, or null when its
 * status was not one of `from` (it had ended).
 */
export async function setRunState(
  runId: string,
  status: RunStatus,
  fields: RunFields = {},
  from: readonly RunStatus[] = ACTIVE_RUN,
): Promise<{ parentRunId: string | null; notify: boolean } | null> {
  const change = {
    status,
    error: fields.error ?? null,
    ...(fields.startedAt ? { startedAt: fields.startedAt.toISOString() } : {}),
    ...(fields.finishedAt ? { finishedAt: fields.finishedAt.toISOString() } : {}),
  };
  const { rows } = await pool().query<{ parentRunId: string | null; notify: boolean }>(
    prepared(
      `WITH changed AS (
        UPDATE "Run" SET status = $2::"RunStatus",
          "startedAt" = COALESCE($3::timestamptz, "startedAt"),
          "finishedAt" = COALESCE($4::timestamptz, "finishedAt"),
          error = CASE WHEN $5::boolean THEN $6::text ELSE error END
        WHERE id = $1 AND status::text = ANY($7::text[])
        RETURNING id, "flowId", "parentRunId"
      ), ${appendEventSql({ from: "changed", type: "run", nodeId: "NULL", data: "$8::jsonb" })}
      SELECT "parentRunId", ${notifiesSql("changed", "$2")} AS notify,
        (SELECT count(*) FROM appended)::int AS appended
      FROM changed`,
      [
        runId,
        status,
        fields.startedAt ?? null,
        fields.finishedAt ?? null,
        fields.error !== undefined,
        fields.error ?? null,
        from,
        JSON.stringify(change),
      ],
    ),
  );
  const row = rows[0];
  if (!row) return null;
  announce(runId, "run");
  return { parentRunId: row.parentRunId, notify: row.notify };
}

/** Flow versions never change, so each is parsed once per process. */
const documents = new Map<string, FlowDocument>();
export async function versionDocument(flowVersionId: string): Promise<FlowDocument> {
  const cached = documents.get(flowVersionId);
  if (cached) return cached;
  const version = await db().flowVersion.findUniqueOrThrow({
    where: { id: flowVersionId },
    select: { document: true },
  });
  const document = version.document as unknown as FlowDocument;
  if (documents.size > 200) documents.delete(documents.keys().next().value!);
  documents.set(flowVersionId, document);
  return document;
}

/** A run's version never changes: looked up once per run and process (`beginRun` tells it). */
const runVersions = new Map<string, string>();
export function rememberRunVersion(runId: string, versionId: string) {
  if (runVersions.size > 10_000) runVersions.delete(runVersions.keys().next().value!);
  runVersions.set(runId, versionId);
}
export async function versionOfRun(runId: string): Promise<string | null> {
  const known = runVersions.get(runId);
  if (known) return known;
  const { rows } = await pool().query<{ versionId: string }>(
    prepared(`SELECT "flowVersionId" AS "versionId" FROM "Run" WHERE id = $1`, [runId]),
  );
  if (!rows[0]) return null;
  rememberRunVersion(runId, rows[0].versionId);
  return rows[0].versionId;
}

/** What a node step tells the orchestrator, as its row records it. */
export type RecordedOutcome =
  | { status: "completed" | "cached"; branch?: "true" | "false" }
  | { status: "failed"; retry: false }
  | { status: "skipped" | "cancelled" };

/**
 * What the node's row says happened. A step whose state change did not apply is either a replay
 * (it ran before and committed, but its result never reached Inngest: a crash in between) or the
 * run ended meanwhile. Either way the step returns what the row says, so that Inngest's memo and
 * Weft's tables agree: a completed node is completed, never "cancelled".
 */
export async function recordedOutcome(runId: string, nodeId: string): Promise<RecordedOutcome> {
  const { rows } = await pool().query<{ status: string; branch: string | null }>(
    `SELECT status::text AS status, branch FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = $2`,
    [runId, nodeId],
  );
  const row = rows[0];
  const branch =
    row?.branch === "true" || row?.branch === "false"
      ? { branch: row.branch as "true" | "false" }
      : {};
  switch (row?.status) {
    case "COMPLETED":
      return { status: "completed", ...branch };
    case "CACHED":
      return { status: "cached", ...branch };
    case "FAILED":
      return { status: "failed", retry: false };
    case "SKIPPED":
      return { status: "skipped" };
    default:
      return { status: "cancelled" };
  }
}
