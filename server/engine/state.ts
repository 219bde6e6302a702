import "server-only";
import type { FlowDocument } from "@/lib/flow/document";
import { db, type Transaction } from "../db/client";
import { Prisma, type NodeStatus, type RunStatus } from "../db/generated/client";

export type Json = Prisma.InputJsonValue;
export const asJson = (value: unknown) => (value ?? null) as Json;

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  time: string;
}

/** Appends to the run's event stream (what the canvas follows) and announces it to listeners. */
export async function appendEvent(
  tx: Transaction,
  runId: string,
  type: string,
  data: Record<string, unknown>,
  nodeId: string | null = null,
) {
  await tx.runEvent.create({ data: { runId, type, nodeId, data: asJson(data) } });
  await tx.$executeRaw`SELECT pg_notify('weft_run_events', ${runId})`;
}

const ACTIVE_RUN: RunStatus[] = ["SCHEDULED", "PENDING", "RUNNING"];

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

const jsonb = (value: unknown) => Prisma.sql`${JSON.stringify(value ?? null)}::jsonb`;

function assignments(fields: NodeFields): Prisma.Sql[] {
  const sets: Prisma.Sql[] = [];
  if (fields.attempts !== undefined) sets.push(Prisma.sql`attempts = ${fields.attempts}`);
  if (fields.branch !== undefined) sets.push(Prisma.sql`branch = ${fields.branch}`);
  if (fields.startedAt) sets.push(Prisma.sql`"startedAt" = ${fields.startedAt}`);
  if (fields.finishedAt) sets.push(Prisma.sql`"finishedAt" = ${fields.finishedAt}`);
  if (fields.input !== undefined) sets.push(Prisma.sql`input = ${jsonb(fields.input)}`);
  if (fields.output !== undefined) sets.push(Prisma.sql`output = ${jsonb(fields.output)}`);
  if (fields.error !== undefined) sets.push(Prisma.sql`error = ${jsonb(fields.error)}`);
  if (fields.logs?.length) sets.push(Prisma.sql`logs = logs || ${jsonb(fields.logs)}`);
  if (fields.attemptError !== undefined)
    sets.push(Prisma.sql`"attemptErrors" = "attemptErrors" || ${jsonb([fields.attemptError])}`);
  return sets;
}

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
  const sets = [Prisma.sql`status = ${status}::"NodeStatus"`, ...assignments(fields)];
  const [row] = await db().$queryRaw<{ changed: number }[]>`
    WITH changed AS (
      UPDATE "NodeRun" AS n SET ${Prisma.join(sets, ", ")}
      FROM "Run" AS r
      WHERE n."runId" = ${runId} AND n."nodeId" = ${nodeId} AND r.id = n."runId"
        AND n.status IN ('PENDING', 'RUNNING', 'RETRYING')
        AND r.status IN ('SCHEDULED', 'PENDING', 'RUNNING')
      RETURNING n.id
    ), appended AS (
      INSERT INTO "RunEvent" ("runId", type, "nodeId", data)
      SELECT ${runId}, 'node', ${nodeId}, ${jsonb({ status, ...event })} FROM changed
      RETURNING id
    )
    SELECT (SELECT count(*) FROM appended)::int AS changed,
      (SELECT pg_notify('weft_run_events', ${runId})::text WHERE EXISTS (SELECT 1 FROM appended)) AS notified`;
  return (row?.changed ?? 0) > 0;
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
