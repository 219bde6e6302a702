import "server-only";
import type { FlowDocument } from "@/lib/flow/document";
import { db, type Transaction } from "../db/client";
import type { NodeStatus, Prisma, RunStatus } from "../db/generated/client";

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

const ACTIVE_NODE: NodeStatus[] = ["PENDING", "RUNNING", "RETRYING"];
const ACTIVE_RUN: RunStatus[] = ["SCHEDULED", "PENDING", "RUNNING"];

/**
 * Moves a node to a new state unless it already ended (a cancelled run's nodes stay cancelled).
 * Returns false when the change did not apply.
 */
export async function setNodeState(
  runId: string,
  nodeId: string,
  status: NodeStatus,
  fields: Omit<Prisma.NodeRunUpdateManyMutationInput, "status"> = {},
  event: Record<string, unknown> = {},
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.nodeRun.updateMany({
      where: { runId, nodeId, status: { in: ACTIVE_NODE }, run: { status: { in: ACTIVE_RUN } } },
      data: { ...fields, status },
    });
    if (count === 0) return false;
    await appendEvent(tx, runId, "node", { status, ...event }, nodeId);
    return true;
  });
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
