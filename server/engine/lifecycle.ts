import "server-only";
import { ACTIVE_RUN_STATUSES, WAITING_RUN_STATUSES, sqlList } from "@/lib/runs/status";
import { NonRetriableError, type Inngest } from "inngest";
import { db } from "../db/client";
import type { RunStatus } from "../db/generated/client";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import { runResult, type Outcome, type Skeleton } from "@/lib/flow/semantics";
import { isShortDelay } from "./durable-blocks";
import { runCancelled } from "./events";
import { announce, appendEventSql } from "./run-event-writer";
import {
  closeRun,
  notifiesSql,
  recordedOutcome,
  rememberRunVersion,
  setNodeState,
  setRunState,
  versionDocument,
} from "./state";

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
  const startedAt = new Date().toISOString();
  // One round trip: the run as it was (its version, the nodes written final at its creation) and,
  // unless it was cancelled meanwhile, Running with its event.
  const { rows } = await pool().query<{
    status: string;
    flowVersionId: string;
    nodes: { nodeId: string; status: string; branch: string | null }[];
    appended: number;
  }>(
    prepared(
      `WITH changed AS (
        UPDATE "Run" SET status = 'RUNNING', "startedAt" = $2
        WHERE id = $1 AND status IN (${sqlList(WAITING_RUN_STATUSES)})
        RETURNING id
      ), ${appendEventSql({ from: "changed", type: "run", nodeId: "NULL", data: "$3::jsonb" })}
      SELECT r.status::text AS status, r."flowVersionId",
        COALESCE((SELECT json_agg(json_build_object('nodeId', n."nodeId", 'status', n.status,
          'branch', n.branch)) FROM "NodeRun" n
          WHERE n."runId" = r.id AND n.status IN ('COMPLETED', 'CACHED', 'SKIPPED')), '[]') AS nodes,
        (SELECT count(*) FROM appended)::int AS appended
      FROM "Run" r WHERE r.id = $1`,
      [runId, startedAt, JSON.stringify({ status: "RUNNING", error: null, startedAt })],
    ),
  );
  const run = rows[0];
  if (!run) throw new NonRetriableError(`Run ${runId} does not exist`);
  if (run.appended > 0) announce(runId, "run");
  if (run.status === "CANCELLED") return { cancelled: true };
  rememberRunVersion(runId, run.flowVersionId);
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
      nodes: document.nodes.map(({ id, block, retries, retryDelaySeconds, config }) => ({
        id,
        block,
        retries,
        retryDelaySeconds,
        ...(block === "flow.delay" && isShortDelay(config) ? { shortDelay: true as const } : {}),
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
  const ended = await setRunState(runId, status, { finishedAt: new Date(), error });
  // Replayed after it ended (a crash before Inngest stored this step), the run is as it was left.
  const { parentRunId, notify } = ended ?? (await endedRun(runId, status));
  return { status, error, parentRunId, notify };
}

/** A run that has ended: its parent, and whether its flow's notifications want `status`. */
async function endedRun(runId: string, status: RunStatus) {
  const { rows } = await pool().query<{ parentRunId: string | null; notify: boolean }>(
    prepared(
      `SELECT r."parentRunId", ${notifiesSql("r", "$2")} AS notify FROM "Run" r WHERE r.id = $1`,
      [runId, status],
    ),
  );
  if (!rows[0]) throw new Error(`Run ${runId} does not exist`);
  return rows[0];
}

/**
 * Ends a run that cannot go on (its execution gave up, or it lost its Inngest run) as Failed with
 * `reason`, its unfinished nodes Cancelled. Returns whether it was still active, and its parent.
 */
export async function abandonRun(runId: string, reason: string) {
  const closed = await closeRun(runId, "FAILED", reason);
  return closed
    ? { abandoned: true, parentRunId: closed.parentRunId }
    : { abandoned: false, parentRunId: null };
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
    if (!(await closeRun(id, "CANCELLED"))) continue;
    await client.send(runCancelled.create({ runId: id }));
    cancelled.push(id, ...(await cancelChildren(id, client)));
  }
  return cancelled;
}
