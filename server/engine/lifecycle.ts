import "server-only";
import { ACTIVE_RUN_STATUSES, WAITING_RUN_STATUSES } from "@/lib/runs/status";
import { NonRetriableError, type Inngest } from "inngest";
import { db } from "../db/client";
import { runResult, type Outcome, type Skeleton } from "@/lib/flow/semantics";
import { runCancelled } from "./events";
import { closeRun, recordedOutcome, setNodeState, setRunState, versionDocument } from "./state";

export type Plan = { cancelled: true } | { skeleton: Skeleton; preset: Record<string, Outcome> };

const PRESET: Record<string, Outcome["status"]> = {
  COMPLETED: "completed",
  CACHED: "cached",
  SKIPPED: "skipped",
};

/**
 * The first step: marks the run Running and returns the pinned version's graph. Nodes a re-run
 * reuses (or a single-node run leaves out) were written in a final state when the run was
 * created; they come back as preset outcomes and never execute.
 */
export async function beginRun(runId: string): Promise<Plan> {
  const run = await db().run.findUnique({
    where: { id: runId },
    select: {
      status: true,
      flowVersionId: true,
      nodes: { select: { nodeId: true, status: true, branch: true } },
    },
  });
  if (!run) throw new NonRetriableError(`Run ${runId} does not exist`);
  if (run.status === "CANCELLED") return { cancelled: true };
  await setRunState(runId, "RUNNING", { startedAt: new Date() }, [...WAITING_RUN_STATUSES]);
  const document = await versionDocument(run.flowVersionId);
  const preset: Record<string, Outcome> = {};
  for (const node of run.nodes) {
    const status = PRESET[node.status];
    if (status === "completed" || status === "cached")
      preset[node.nodeId] = {
        status,
        ...(node.branch ? { branch: node.branch as "true" | "false" } : {}),
      };
    else if (status) preset[node.nodeId] = { status };
  }
  return {
    preset,
    skeleton: {
      nodes: document.nodes.map(({ id, block, retries, retryDelaySeconds }) => ({
        id,
        block,
        retries,
        retryDelaySeconds,
      })),
      edges: document.edges.map(({ source, target, sourceHandle }) => ({
        source,
        target,
        sourceHandle,
      })),
    },
  };
}

export async function skipNode(runId: string, nodeId: string): Promise<Outcome> {
  const skipped = await setNodeState(runId, nodeId, "SKIPPED", { finishedAt: new Date() });
  return skipped ? { status: "skipped" } : recordedOutcome(runId, nodeId);
}

/** The last step: the run's final status, with the first unhandled failure as its error. */
export async function finishRun(
  runId: string,
  skeleton: Skeleton,
  outcomes: Record<string, Outcome>,
) {
  const cancelled = Object.entries(outcomes).find(([, outcome]) => outcome.status === "cancelled");
  if (cancelled) {
    const run = await db().run.findUniqueOrThrow({
      where: { id: runId },
      select: { status: true },
    });
    if (run.status === "CANCELLED")
      return { status: "CANCELLED" as const, error: null, parentRunId: null, notify: false };
    // A node reported "cancelled" while the run was not: never leave the run Running.
    await setRunState(runId, "FAILED", {
      finishedAt: new Date(),
      error: `Node "${cancelled[0]}" stopped without an outcome while the run was ${run.status.toLowerCase()}`,
    });
    return { status: "FAILED" as const, error: null, parentRunId: null, notify: false };
  }
  const { status, failedNodes } = runResult(skeleton, outcomes);
  let error: string | null = null;
  if (failedNodes.length) {
    const row = await db().nodeRun.findUnique({
      where: { runId_nodeId: { runId, nodeId: failedNodes[0]! } },
      select: { error: true },
    });
    const message = (row?.error as { message?: string } | null)?.message ?? "failed";
    error = `Node "${failedNodes[0]}" failed: ${message}`;
  }
  await setRunState(runId, status, { finishedAt: new Date(), error });
  const { parentRunId, flowId } = await db().run.findUniqueOrThrow({
    where: { id: runId },
    select: { parentRunId: true, flowId: true },
  });
  const notify =
    (await db().flowNotification.count({
      where: { flowId, ...(status === "COMPLETED" ? { onSuccess: true } : {}) },
    })) > 0;
  return { status, error, parentRunId, notify };
}

/**
 * Ends a run that cannot go on (its execution gave up, or it lost its Inngest run) as Failed with
 * `reason`, its unfinished nodes Cancelled. Returns whether it was still active, and its parent.
 */
export async function abandonRun(runId: string, reason: string) {
  return db().$transaction(async (tx) => {
    if (!(await closeRun(tx, runId, "FAILED", reason)))
      return { abandoned: false, parentRunId: null };
    const { parentRunId } = await tx.run.findUniqueOrThrow({
      where: { id: runId },
      select: { parentRunId: true },
    });
    return { abandoned: true, parentRunId };
  });
}

/**
 * Cancels a run's subflow children that have not ended, and theirs: rows closed (those waiting
 * their turn never start), Inngest executions cancelled. For a run that is ending itself.
 */
export async function cancelChildren(runId: string, client: Inngest): Promise<string[]> {
  const children = await db().run.findMany({
    where: { parentRunId: runId, status: { in: [...ACTIVE_RUN_STATUSES] } },
    select: { id: true },
  });
  const cancelled: string[] = [];
  for (const { id } of children) {
    if (!(await db().$transaction((tx) => closeRun(tx, id, "CANCELLED")))) continue;
    await client.send(runCancelled.create({ runId: id }));
    cancelled.push(id, ...(await cancelChildren(id, client)));
  }
  return cancelled;
}
