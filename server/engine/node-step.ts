import "server-only";
import { blockById } from "@/lib/blocks/catalog";
import { secretNames } from "@/lib/blocks/secret-references";
import { configSchema, isRawField } from "@/lib/blocks/fields";
import { issuePath, type FlowNode } from "@/lib/flow/document";
import { upstreamOf } from "@/lib/flow/graph";
import { resolveConfig, type ExpressionScope } from "@/lib/expressions/evaluate";
import { redact } from "@/lib/expressions/redact";
import { sandboxedEvaluator } from "../blocks/sandbox/expressions";
import { BlockError } from "../blocks/types";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import { ACTIVE_RUN_STATUSES, OPEN_NODE_STATUSES, sqlList } from "@/lib/runs/status";
import { resolveSecretReferences } from "../secrets/references";
import { readSecrets } from "../secrets/secrets";
import {
  recordedOutcome,
  setNodeState,
  versionDocument,
  versionOfRun,
  type LogLine,
  type NodeFields,
} from "./state";

// The kernel every node step shares, plain (execute-node.ts) or durable (server/blocks/): load
// what the node needs, resolve its config, record a failed attempt.

/** What a node step returns to the orchestrator: small, whatever the node's output size. */
export type StepOutcome =
  | { status: "completed" | "cached"; branch?: "true" | "false" }
  | { status: "failed"; retry: boolean }
  | { status: "skipped" | "cancelled" };

export interface NodeContext {
  runId: string;
  /** The run as loaded (what a chain's next node takes over). */
  run: RunRow;
  teamId: string;
  node: FlowNode;
  scope: ExpressionScope;
  secrets: Record<string, string>;
  input: unknown;
}

interface RunRow {
  teamId: string;
  parentRunId: string | null;
  parentNodeId: string | null;
  flowId: string;
  status: string;
  parameters: Record<string, unknown>;
  trigger: string;
  createdAt: Date;
}

/**
 * What the node before it in a chain leaves the next one, so that it need not load it again: the
 * run, and the upstream outputs with the one just committed. Set only when that node's Completed
 * row was written, which also proved its run active; the next node's own row is open, as every
 * node after the first open one of a chain is (they run in order, one step at a time).
 */
export interface ChainCarry {
  run: RunRow;
  nodes: ExpressionScope["nodes"];
}

/** The run, its node's own state and its upstream outputs: one round trip on the hot path. */
async function loadRun(runId: string, nodeId: string, upstream: string[]) {
  const {
    rows: [run],
  } = await pool().query<
    RunRow & {
      startable: boolean;
      upstream: { nodeId: string; status: string; output: unknown; error: unknown }[];
    }
  >(
    prepared(
      `SELECT r."teamId", r."parentRunId", r."parentNodeId", r."flowId", r.status::text AS status,
        r.parameters, r.trigger::text AS trigger, r."createdAt",
        COALESCE((SELECT json_agg(json_build_object('nodeId', n."nodeId", 'status', n.status,
          'output', n.output, 'error', n.error))
          FROM "NodeRun" n WHERE n."runId" = r.id AND n."nodeId" = ANY($3::text[])), '[]') AS upstream,
        r.status IN (${sqlList(ACTIVE_RUN_STATUSES)}) AND EXISTS (SELECT 1 FROM "NodeRun" n
          WHERE n."runId" = r.id AND n."nodeId" = $2
            AND n.status IN (${sqlList(OPEN_NODE_STATUSES)})) AS startable
      FROM "Run" r WHERE r.id = $1`,
      [runId, nodeId, upstream],
    ),
  );
  if (!run || run.status === "CANCELLED") return null;
  const { upstream: rows, startable, ...rest } = run;
  const nodes: ExpressionScope["nodes"] = {};
  for (const row of rows)
    nodes[row.nodeId] =
      row.status === "FAILED"
        ? ({ output: null, error: row.error } as never)
        : { output: row.output };
  return { run: rest, nodes, startable };
}

/**
 * Loads what a node step needs: the run, its pinned node, upstream outputs, secrets. Null when the
 * run is gone or cancelled. `startable` is false when the node has ended already or its run has
 * (a replayed step then reports what the node's row says, never runs it again). A chain's node
 * takes the run and outputs from `carry` when it holds every node upstream of it.
 */
export async function loadNodeContext(
  runId: string,
  nodeId: string,
  inputFrom: string | null,
  carry?: ChainCarry,
): Promise<(NodeContext & { startable: boolean }) | null> {
  const versionId = await versionOfRun(runId);
  if (!versionId) return null;
  const document = await versionDocument(versionId);
  const node = document.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) throw new Error(`Node "${nodeId}" is not in version ${versionId}`);
  const upstream = [...upstreamOf(nodeId, document.edges)];
  const loaded =
    carry && upstream.every((id) => Object.hasOwn(carry.nodes, id))
      ? { ...carry, startable: true }
      : await loadRun(runId, nodeId, upstream);
  if (!loaded) return null;
  const { run } = loaded;
  const nodes: ExpressionScope["nodes"] = {};
  for (const id of upstream) if (Object.hasOwn(loaded.nodes, id)) nodes[id] = loaded.nodes[id]!;
  const names = secretNames(node);
  const own = names.length ? await readSecrets(run.teamId, names) : {};
  // A subflow's parameters may carry references to its parent's secrets: values only in here.
  const referred =
    run.parentRunId && run.parentNodeId
      ? await resolveSecretReferences(run.teamId, run.parameters, {
          parentRunId: run.parentRunId,
          parentNodeId: run.parentNodeId,
        })
      : { parameters: run.parameters, secrets: {} };
  const secrets = { ...referred.secrets, ...own };
  return {
    runId,
    teamId: run.teamId,
    node,
    secrets,
    input: inputFrom ? (nodes[inputFrom]?.output ?? null) : null,
    scope: {
      params: referred.parameters,
      nodes,
      secrets,
      run: {
        id: runId,
        flow: run.flowId,
        startedAt: run.createdAt.toISOString(),
        trigger: run.trigger.toLowerCase(),
      },
    },
    startable: loaded.startable,
    run,
  };
}

/** The node's config checked against its block and with every expression resolved. */
export async function resolvedConfig(ctx: NodeContext) {
  const block = blockById(ctx.node.block);
  if (!block)
    throw new BlockError(
      `Unknown block "${ctx.node.block}": this version of Weft cannot run it`,
      false,
    );
  const checked = configSchema(block.fields).safeParse(ctx.node.config);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new BlockError(`config.${issuePath(issue.path)}: ${issue.message}`, false);
  }
  try {
    const raw = new Set(block.fields.filter(isRawField).map((field) => field.key));
    return await resolveConfig(
      ctx.node.config,
      ctx.scope,
      ctx.node.id,
      raw,
      sandboxedEvaluator(ctx.teamId),
    );
  } catch (error) {
    throw new BlockError((error as Error).message, false);
  }
}

/** What a failed attempt records besides its error. */
interface FailureDetails {
  logs?: LogLine[];
  input?: unknown;
  /** The attempt's start, when no Running row recorded it. */
  started?: NodeFields;
}

/** Records a failed attempt: Retrying while attempts remain, else Failed. Secrets are redacted. */
export async function recordFailure(
  ctx: Pick<NodeContext, "runId" | "node" | "secrets">,
  attempt: number,
  maxAttempts: number,
  error: unknown,
  { logs = [], input, started = {} }: FailureDetails = {},
): Promise<StepOutcome> {
  const retryable = !(error instanceof BlockError) || error.retryable;
  const retry = retryable && attempt < maxAttempts;
  // Users see the message and, for their own code, where it failed; never the server's stack.
  if (!(error instanceof BlockError))
    console.error(`Node ${ctx.node.id} of run ${ctx.runId}:`, error);
  const failure = redact(
    {
      message: (error as Error).message ?? String(error),
      stack: error instanceof BlockError ? (error.userFrame ?? null) : null,
      attempt,
    },
    ctx.secrets,
  );
  const recorded = await setNodeState(
    ctx.runId,
    ctx.node.id,
    retry ? "RETRYING" : "FAILED",
    {
      ...started,
      error: failure,
      attemptError: failure,
      logs: redact(logs, ctx.secrets),
      ...(input !== undefined ? { input: redact(input, ctx.secrets) } : {}),
      ...(retry ? {} : { finishedAt: new Date() }),
    },
    { attempt, message: failure.message },
  );
  if (!recorded) return recordedOutcome(ctx.runId, ctx.node.id);
  return { status: "failed", retry };
}
