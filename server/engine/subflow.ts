import "server-only";
import { resolveParameters } from "@/lib/flow/parameters";
import { redact } from "@/lib/expressions/redact";
import { BlockError } from "../blocks/types";
import { db } from "../db/client";
import { referSecrets } from "../secrets/references";
import { loadNodeContext, recordFailure, resolvedConfig, type StepOutcome } from "./execute-node";
import { assertRunnable, findVersion, insertRun } from "./runs";
import { recordedOutcome, setNodeState, versionDocument } from "./state";

const MAX_DEPTH = 5;
const MAX_ITEMS = 1_000;

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
 * the team, not yet requested. A retried step finds the children it already created.
 */
export async function beginSubflow(
  runId: string,
  nodeId: string,
  inputFrom: string | null,
): Promise<StepOutcome | { children: string[]; concurrency: number; many: boolean }> {
  const ctx = await loadNodeContext(runId, nodeId, inputFrom);
  if (!ctx) return { status: "cancelled" };
  try {
    const config = await resolvedConfig(ctx);
    const concurrency = Math.max(1, Math.min(50, Number(config.concurrency ?? 4)));
    const many = config.forEach !== undefined && config.forEach !== "";
    const existing = await db().run.findMany({
      where: { parentRunId: runId, parentNodeId: nodeId },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    if (existing.length) return { children: existing.map((run) => run.id), concurrency, many };

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
    const version = await findVersion(ctx.teamId, flowId).catch(() => {
      throw new BlockError(`config.flowId: no flow "${flowId}" in this team`, false);
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
      });
      children.push(child.id);
    }
    const started = await setNodeState(
      runId,
      nodeId,
      "RUNNING",
      { attempts: 1, startedAt: new Date(), input: redact(config, ctx.secrets) },
      { children },
    );
    return started ? { children, concurrency, many } : recordedOutcome(runId, nodeId);
  } catch (error) {
    return recordFailure(ctx, 1, 1, error);
  }
}

/** Ends a subflow node with its children's results; any child that did not complete fails it. */
export async function endSubflow(
  runId: string,
  nodeId: string,
  children: string[],
  many: boolean,
): Promise<StepOutcome> {
  const runs = await db().run.findMany({
    where: { id: { in: children } },
    select: { id: true, status: true, error: true },
  });
  const byId = new Map(runs.map((run) => [run.id, run]));
  const results = [];
  for (const id of children) {
    const run = byId.get(id);
    if (run?.status !== "COMPLETED") {
      const failure = {
        message: `Subflow run ${id} ${run?.status.toLowerCase() ?? "is missing"}${run?.error ? `: ${run.error}` : ""}`,
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
  const done = await setNodeState(runId, nodeId, "COMPLETED", {
    output: many ? results : results[0],
    finishedAt: new Date(),
  });
  return done ? { status: "completed" } : recordedOutcome(runId, nodeId);
}
