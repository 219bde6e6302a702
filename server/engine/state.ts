import "server-only";
import type { FlowDocument } from "@/lib/flow/document";
import { db, type Transaction } from "../db/client";
import type { NodeStatus, Prisma, RunStatus } from "../db/generated/client";
import { pool } from "../db/pool";
import { ACTIVE_RUN_STATUSES, OPEN_NODE_STATUSES } from "@/lib/runs/status";
import { RUN_EVENTS_CHANNEL } from "./events";

import { asJson } from "../db/json";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  time: string;
}

/**
 * Appends to the run's event stream (what the canvas follows) and announces it to listeners.
 * Whoever appends holds the run's row lock (`tx` has updated the run; `setNodeState` locks it),
 * so a run's events commit in id order and a reader that has seen id n never sees a smaller
 * one appear later. Without it, parallel nodes' events could commit out of order and a live
 * reader would skip one.
 */
export async function appendEvent(
  tx: Transaction,
  runId: string,
  type: string,
  data: Record<string, unknown>,
  nodeId: string | null = null,
) {
  await tx.runEvent.create({ data: { runId, type, nodeId, data: asJson(data) } });
  await tx.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${runId})`;
}

/**
 * Ends an active run as `status` (its unfinished nodes Cancelled) and appends the run event, in
 * `tx`. Returns false when the run had already ended.
 */
export async function closeRun(
  tx: Transaction,
  runId: string,
  status: "CANCELLED" | "FAILED",
  error: string | null = null,
): Promise<boolean> {
  const { count } = await tx.run.updateMany({
    where: { id: runId, status: { in: [...ACTIVE_RUN_STATUSES] } },
    data: { status, error, finishedAt: new Date() },
  });
  if (count === 0) return false;
  await tx.nodeRun.updateMany({
    where: { runId, status: { in: [...OPEN_NODE_STATUSES] } },
    data: { status: "CANCELLED", finishedAt: new Date() },
  });
  await appendEvent(tx, runId, "run", error ? { status, error } : { status });
  return true;
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
  event: Record<string, unknown> = {},
): Promise<boolean> {
  const values: unknown[] = [runId, nodeId, status, JSON.stringify({ status, ...event })];
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
  const { rows } = await pool().query<{ changed: number }>(
    `WITH run AS (
      SELECT id FROM "Run" WHERE id = $1 AND status IN ('SCHEDULED', 'PENDING', 'RUNNING')
      FOR UPDATE
    ), changed AS (
      UPDATE "NodeRun" AS n SET ${sets.join(", ")}
      FROM run AS r
      WHERE n."runId" = r.id AND n."nodeId" = $2 AND n.status IN ('PENDING', 'RUNNING', 'RETRYING')
      RETURNING n.id
    ), appended AS (
      INSERT INTO "RunEvent" ("runId", type, "nodeId", data)
      SELECT $1, 'node', $2, $4::jsonb FROM changed
      RETURNING id
    )
    SELECT (SELECT count(*) FROM appended)::int AS changed,
      (SELECT pg_notify('${RUN_EVENTS_CHANNEL}', $1)::text WHERE EXISTS (SELECT 1 FROM appended)) AS notified`,
    values,
  );
  return (rows[0]?.changed ?? 0) > 0;
}

/** Sets a run's status unless it already ended; returns false when it had. */
export async function setRunState(
  runId: string,
  status: RunStatus,
  fields: Omit<Prisma.RunUpdateManyMutationInput, "status"> = {},
  from: RunStatus[] = ACTIVE_RUN,
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: { in: from } },
      data: { ...fields, status },
    });
    if (count === 0) return false;
    await appendEvent(tx, runId, "run", { status, error: fields.error ?? null });
    return true;
  });
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
