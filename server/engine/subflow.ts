import "server-only";
import { ACTIVE_RUN_STATUSES, sqlList } from "@/lib/runs/status";
import type { Inngest } from "inngest";
import { resolveParameters } from "@/lib/flow/parameters";
import { redact } from "@/lib/expressions/redact";
import { BlockError } from "../blocks/types";
import { db } from "../db/client";
import { referSecrets } from "../secrets/references";
import { loadNodeContext, recordFailure, resolvedConfig, type StepOutcome } from "./node-step";
import { assertRunnable, findVersion, insertRun, requestRun } from "./runs";
import { pool } from "../db/pool";
import { subflowDone } from "./events";
import { recordedOutcome, setNodeState, versionDocument } from "./state";

const MAX_DEPTH = 5;
/** Items of one for-each: the parent waits with four steps whatever the count (see blocks/subflow). */
export const MAX_ITEMS = 10_000;

/** A finished run's result: the outputs of its leaf nodes (no outgoing edges), by node id. */
export async function runOutputs(runId: string) {
  const run = await db().run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      flowVersionId: true,
      nodes: { select: { nodeId: true, status: true, output: true } },
    },
  });
  const document = await versionDocument(run.flowVersionId);
  const parents = new Set(document.edges.map((edge) => edge.source));
  return Object.fromEntries(
    run.nodes
      .filter(
        (node) =>
          !parents.has(node.nodeId) && (node.status === "COMPLETED" || node.status === "CACHED"),
      )
      .map((node) => [node.nodeId, node.output]),
  );
}

/** One node's output in a finished run (a result node need not be a leaf). */
async function nodeOutput(runId: string, nodeId: string) {
  const row = await db().nodeRun.findFirst({ where: { runId, nodeId }, select: { output: true } });
  return row?.output ?? null;
}

async function depthOf(runId: string) {
  let depth = 0;
  for (let id: string | null = runId; id; depth++) {
    const row: { parentRunId: string | null } | null = await db().run.findUnique({
      where: { id },
      select: { parentRunId: true },
    });
    id = row?.parentRunId ?? null;
  }
  return depth;
}

/**
 * Starts a subflow node: creates one child run (or one per item of `forEach`) of another flow of
 * the team, each waiting its turn (Scheduled). A retried step finds the children it already
 * created.
 */
export async function beginSubflow(
  runId: string,
  nodeId: string,
  inputFrom: string | null,
): Promise<
  StepOutcome | { count: number; concurrency: number; many: boolean; resultNodeId: string | null }
> {
  const ctx = await loadNodeContext(runId, nodeId, inputFrom);
  if (!ctx) return { status: "cancelled" };
  try {
    const config = await resolvedConfig(ctx);
    const concurrency = Math.max(1, Math.min(50, Number(config.concurrency ?? 4)));
    const many = config.forEach !== undefined && config.forEach !== "";
    // A team block's result node (its output is the block's output).
    const resultNodeId =
      typeof config.resultNodeId === "string" ? config.resultNodeId || null : null;
    const existing = await db().run.findMany({
      where: { parentRunId: runId, parentNodeId: nodeId },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    if (existing.length) return { count: existing.length, concurrency, many, resultNodeId };

    if ((await depthOf(runId)) > MAX_DEPTH)
      throw new BlockError(`Subflows nest deeper than ${MAX_DEPTH} levels`, false);
    const items = many ? config.forEach : [undefined];
    if (!Array.isArray(items))
      throw new BlockError(
        "config.forEach: must be a list (e.g. {{ nodes.fetch.output.body.items }})",
        false,
      );
    if (items.length > MAX_ITEMS)
      throw new BlockError(
        `config.forEach: at most ${MAX_ITEMS} items, not ${items.length}`,
        false,
      );
    const flowId = String(config.flowId ?? "");
    // A team block pins the version it was added or updated with; a subflow runs the latest.
    const pinned = typeof config.version === "number" ? config.version : undefined;
    const version = await findVersion(ctx.teamId, flowId, pinned).catch(() => {
      throw new BlockError(
        pinned
          ? `config.version: flow "${flowId}" has no version ${pinned} in this team`
          : `config.flowId: no flow "${flowId}" in this team`,
        false,
      );
    });
    try {
      assertRunnable(version);
    } catch (error) {
      throw new BlockError(`config.flowId: ${(error as Error).message}`, false);
    }
    // The children get references to secrets, never their values (resolved in their own steps).
    const origin = { parentRunId: runId, parentNodeId: nodeId };
    const base = referSecrets(config.parameters ?? {}, ctx.secrets, origin) as Record<
      string,
      unknown
    >;
    if (typeof base !== "object" || Array.isArray(base))
      throw new BlockError("config.parameters: must be an object", false);
    const itemName = String(config.itemParameter || "item");
    const children: string[] = [];
    for (const item of items) {
      const given = many ? { ...base, [itemName]: referSecrets(item, ctx.secrets, origin) } : base;
      const parameters = resolveParameters(version.document.parameters, given);
      if (!parameters.ok)
        throw new BlockError(`config.${parameters.field}: ${parameters.message}`, false);
      const child = await insertRun({
        teamId: ctx.teamId,
        userId: null,
        flowId,
        version,
        parameters: parameters.values,
        trigger: "SUBFLOW",
        parent: { runId, nodeId },
        queued: true,
      });
      children.push(child.id);
    }
    const started = await setNodeState(
      runId,
      nodeId,
      "RUNNING",
      { attempts: 1, startedAt: new Date(), input: redact(config, ctx.secrets) },
      { children: children.slice(0, 100), count: children.length },
    );
    return started
      ? { count: children.length, concurrency, many, resultNodeId }
      : recordedOutcome(runId, nodeId);
  } catch (error) {
    return recordFailure(ctx, 1, 1, error);
  }
}

/**
 * Ends a subflow node with its children's results; any child that did not complete fails it. A
 * team block (`block`) outputs its one child's result node's output, or the leaves' by id.
 */
export async function endSubflow(
  runId: string,
  nodeId: string,
  many: boolean,
  block?: { result: string | null },
): Promise<StepOutcome> {
  const runs = await db().run.findMany({
    where: { parentRunId: runId, parentNodeId: nodeId },
    orderBy: { id: "asc" },
    select: { id: true, status: true, error: true },
  });
  const results = [];
  for (const run of runs) {
    const id = run.id;
    if (run.status !== "COMPLETED") {
      const failure = {
        message: `Subflow run ${id} ${run.status.toLowerCase()}${run.error ? `: ${run.error}` : ""}`,
      };
      const failed = await setNodeState(
        runId,
        nodeId,
        "FAILED",
        { error: failure, attemptError: failure, finishedAt: new Date() },
        { message: failure.message },
      );
      return failed ? { status: "failed", retry: false } : recordedOutcome(runId, nodeId);
    }
    results.push({ runId: id, status: run.status, result: await runOutputs(id) });
  }
  const outputs = results[0]?.result as Record<string, unknown> | undefined;
  const output = block
    ? block.result
      ? (outputs?.[block.result] ?? (await nodeOutput(results[0]!.runId, block.result)))
      : (outputs ?? null)
    : many
      ? results
      : results[0];
  const done = await setNodeState(runId, nodeId, "COMPLETED", {
    output,
    finishedAt: new Date(),
  });
  return done ? { status: "completed" } : recordedOutcome(runId, nodeId);
}

/**
 * Hands the next `count` waiting children of a subflow node to Inngest (Scheduled → Pending, in
 * creation order). When none is left running or waiting, tells the parent the node is done.
 */
export async function startChildren(
  parentRunId: string,
  nodeId: string,
  count: number,
  client: Inngest,
): Promise<string[]> {
  const { rows: started } = await pool().query<{ id: string }>(
    `UPDATE "Run" SET status = 'PENDING' WHERE id IN (
       SELECT id FROM "Run" WHERE "parentRunId" = $1 AND "parentNodeId" = $2 AND status = 'SCHEDULED'
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [parentRunId, nodeId, count],
  );
  for (const { id } of started) await requestRun(id, client);
  const { rows } = await pool().query<{ open: number }>(
    `SELECT count(*)::int AS open FROM "Run"
     WHERE "parentRunId" = $1 AND "parentNodeId" = $2 AND status IN (${sqlList(ACTIVE_RUN_STATUSES)})`,
    [parentRunId, nodeId],
  );
  // Several last children may see this at once: the event id lets one through.
  if (rows[0]!.open === 0)
    await client.send(
      subflowDone.create(
        { runId: parentRunId, nodeId },
        { id: `subflow-done-${parentRunId}-${nodeId}` },
      ),
    );
  return started.map((run) => run.id);
}

/** When a child run ends, the next waiting sibling starts (keeping the node's concurrency). */
export async function advanceSubflow(childRunId: string, client: Inngest) {
  const child = await db().run.findUnique({
    where: { id: childRunId },
    select: { parentRunId: true, parentNodeId: true },
  });
  if (!child?.parentRunId || !child.parentNodeId) return [];
  return startChildren(child.parentRunId, child.parentNodeId, 1, client);
}
