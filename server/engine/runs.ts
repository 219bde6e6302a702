import "server-only";
import type { Inngest } from "inngest";
import { monotonicFactory } from "ulid";
import type { FlowDocument } from "@/lib/flow/document";
import { upstreamOf } from "@/lib/flow/graph";
import { resolveParameters } from "@/lib/flow/parameters";
import { findProblems } from "@/lib/flow/problems";
import { ACTIVE_RUN_STATUSES } from "@/lib/runs/status";
import { listRunsInput, runNodeInput, startRunInput } from "@/lib/schemas/run";
import { db } from "../db/client";
import { pool } from "../db/pool";
import type { NodeStatus, Prisma, RunTrigger } from "../db/generated/client";
import { AppError, notFound } from "../errors";
import { inngest } from "../inngest/client";
import { notifyRunFinished } from "../notifications/notifications";
import { RUN_CANCELLED, RUN_EVENTS_CHANNEL, RUN_FINISHED, RUN_REQUESTED } from "./events";
import { abandonRun } from "./lifecycle";
import { closeRun, versionDocument } from "./state";

type Preset = { status: NodeStatus; output?: unknown; branch?: string | null };

export interface NewRun {
  teamId: string;
  userId: string | null;
  flowId: string;
  version: { id: string; number: number; document: FlowDocument };
  parameters: Record<string, unknown>;
  trigger: RunTrigger;
  rerunOfId?: string;
  onlyNodes?: string[];
  parent?: { runId: string; nodeId: string };
  scheduleId?: string;
  preset?: Record<string, Preset>;
}

/** Run ids sort in creation order (ULIDs, monotonic within a millisecond). */
const nextId = monotonicFactory();

/**
 * Writes the run, its nodes (Pending unless preset) and its first event in one statement, without
 * starting it. Plain SQL on the pg pool: a burst of starts queues for a connection instead of
 * timing out waiting for an interactive transaction.
 */
export async function insertRun(spec: NewRun) {
  const id = nextId().toLowerCase();
  const nodes = spec.version.document.nodes.map((node) => {
    const preset = spec.preset?.[node.id];
    return {
      nodeId: node.id,
      status: preset?.status ?? "PENDING",
      output: preset?.output ?? null,
      branch: preset?.branch ?? null,
    };
  });
  await pool().query(
    `WITH run AS (
      INSERT INTO "Run" (id, "teamId", "flowId", "flowVersionId", version, trigger, parameters,
        "createdById", "rerunOfId", "onlyNodes", "parentRunId", "parentNodeId", "scheduleId")
      VALUES ($1, $2, $3, $4, $5, $6::"RunTrigger", $7::jsonb, $8, $9, $10::text[], $11, $12, $14)
      RETURNING id
    ), nodes AS (
      INSERT INTO "NodeRun" (id, "runId", "nodeId", status, output, branch)
      SELECT gen_random_uuid()::text, run.id, x."nodeId", x.status::"NodeStatus", x.output, x.branch
      FROM run, jsonb_to_recordset($13::jsonb) AS x("nodeId" text, status text, output jsonb, branch text)
    ), event AS (
      INSERT INTO "RunEvent" ("runId", type, data) SELECT id, 'run', '{"status":"PENDING"}' FROM run
    )
    SELECT pg_notify('${RUN_EVENTS_CHANNEL}', id) FROM run`,
    [
      id,
      spec.teamId,
      spec.flowId,
      spec.version.id,
      spec.version.number,
      spec.trigger,
      JSON.stringify(spec.parameters),
      spec.userId,
      spec.rerunOfId ?? null,
      spec.onlyNodes ?? [],
      spec.parent?.runId ?? null,
      spec.parent?.nodeId ?? null,
      JSON.stringify(nodes),
      spec.scheduleId ?? null,
    ],
  );
  return { id, status: "PENDING" as const };
}

/**
 * Asks Inngest to execute a run. The event id is always `run-<id>`, so a repeat (a retried step,
 * the reconciler) never runs it twice. When Inngest cannot be reached the run stays Pending: it
 * was accepted, and the reconciler hands it over once Inngest is back.
 */
export async function requestRun(runId: string, client: Inngest) {
  try {
    await client.send({ id: `run-${runId}`, name: RUN_REQUESTED, data: { runId } });
  } catch (error) {
    console.warn(`Run ${runId} waits for Inngest: ${(error as Error).message}`);
  }
}

/** Versions never change, so what stops one from running is worked out once per process. */
const blockersByVersion = new Map<string, string[]>();

/**
 * What stops a version from running: its errors and its drafts' gaps (empty required fields), as
 * "node: problem" lines. A version that saved can only fail on data, never on its own shape.
 */
export function runBlockers(version: NewRun["version"]): string[] {
  let blockers = blockersByVersion.get(version.id);
  if (!blockers) {
    const names = new Map(version.document.nodes.map((node) => [node.id, node.name]));
    blockers = findProblems(version.document)
      .filter((problem) => problem.severity === "error" || problem.blocksRun)
      .map((problem) =>
        problem.nodeId
          ? `${names.get(problem.nodeId) ?? problem.nodeId}: ${problem.message}`
          : problem.message,
      );
    if (blockersByVersion.size > 500)
      blockersByVersion.delete(blockersByVersion.keys().next().value!);
    blockersByVersion.set(version.id, blockers);
  }
  return blockers;
}

/** Refuses (BAD_REQUEST) to start a version that has problems, listing them. */
export function assertRunnable(version: NewRun["version"]) {
  const blockers = runBlockers(version);
  if (blockers.length)
    throw new AppError(
      "BAD_REQUEST",
      `Version ${version.number} of this flow cannot run until it is fixed: ${blockers.slice(0, 5).join("; ")}${blockers.length > 5 ? ` (and ${blockers.length - 5} more)` : ""}`,
      "flowId",
    );
}

async function createRun(spec: NewRun, client: Inngest) {
  assertRunnable(spec.version);
  const run = await insertRun(spec);
  await requestRun(run.id, client);
  return run;
}

/**
 * A run that could not start (its parameters no longer fit the flow, say), recorded Failed with
 * the reason so it shows in the run history and the flow's failure alerts go out.
 */
export async function recordRefusedRun(
  request: { teamId: string; flowId: string; trigger: RunTrigger; scheduleId?: string },
  parameters: Record<string, unknown>,
  reason: string,
) {
  const version = await findVersion(request.teamId, request.flowId);
  const run = await insertRun({ ...request, userId: null, version, parameters });
  await abandonRun(run.id, reason);
  await notifyRunFinished(run.id);
  return run;
}

export async function findVersion(teamId: string, flowId: string, number?: number) {
  const flow = await db().flow.findFirst({ where: { id: flowId, teamId }, select: { id: true } });
  if (!flow) throw notFound("Flow");
  const version = await db().flowVersion.findFirst({
    where: { flowId, ...(number ? { number } : {}) },
    orderBy: { number: "desc" },
    select: { id: true, number: true },
  });
  if (!version)
    throw new AppError("NOT_FOUND", `Version ${number} of this flow does not exist`, "version");
  return { ...version, document: await versionDocument(version.id) };
}

export interface StartRequest {
  teamId: string;
  userId: string | null;
  trigger: RunTrigger;
  parent?: { runId: string; nodeId: string };
  scheduleId?: string;
}

/** Starts a run of a flow's latest (or a given) version with checked parameters. */
export async function startRun(request: StartRequest, raw: unknown, client: Inngest = inngest) {
  const input = startRunInput.parse(raw);
  const version = await findVersion(request.teamId, input.flowId, input.version);
  const parameters = resolveParameters(version.document.parameters, input.parameters);
  if (!parameters.ok) throw new AppError("BAD_REQUEST", parameters.message, parameters.field);
  return createRun(
    { ...request, flowId: input.flowId, version, parameters: parameters.values },
    client,
  );
}

async function findRun(teamId: string, runId: string) {
  const run = await db().run.findFirst({
    where: { id: runId, teamId },
    include: { nodes: { select: { nodeId: true, status: true, output: true, branch: true } } },
  });
  if (!run) throw notFound("Run");
  return run;
}

/** Cancels a run that has not ended: no new node starts, running ones end Cancelled. */
export async function cancelRun(teamId: string, runId: string, client: Inngest = inngest) {
  const run = await findRun(teamId, runId);
  const cancelled = await db().$transaction((tx) => closeRun(tx, runId, "CANCELLED"));
  if (!cancelled)
    throw new AppError("CONFLICT", `The run already ended (${run.status.toLowerCase()})`, "runId");
  await client.send({ name: RUN_CANCELLED, data: { runId } });
  if (run.parentRunId)
    await client.send({ name: RUN_FINISHED, data: { runId, status: "CANCELLED" } });
  const children = await db().run.findMany({
    where: { parentRunId: runId, status: { in: [...ACTIVE_RUN_STATUSES] } },
    select: { id: true },
  });
  // A child may end on its own meanwhile (CONFLICT); anything else is a real failure.
  for (const child of children)
    await cancelRun(teamId, child.id, client).catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
  return { id: runId, status: "CANCELLED" as const };
}

const SUCCEEDED: NodeStatus[] = ["COMPLETED", "CACHED"];

/** Nodes that must run again: the unfinished ones and everything downstream of them. */
function tainted(document: FlowDocument, statuses: Map<string, NodeStatus>) {
  const bad = new Set(
    document.nodes
      .filter(
        (node) => !["COMPLETED", "CACHED", "SKIPPED"].includes(statuses.get(node.id) ?? "PENDING"),
      )
      .map((node) => node.id),
  );
  return new Set(
    document.nodes
      .filter(
        (node) =>
          bad.has(node.id) || [...upstreamOf(node.id, document.edges)].some((id) => bad.has(id)),
      )
      .map((node) => node.id),
  );
}

/**
 * A new run of the same version and parameters that reuses the outputs of nodes that completed
 * and re-executes the failed (or cancelled) nodes and everything downstream.
 */
export async function rerunFromFailure(
  teamId: string,
  userId: string | null,
  runId: string,
  client: Inngest = inngest,
) {
  const source = await findRun(teamId, runId);
  if (source.status !== "FAILED" && source.status !== "CANCELLED")
    throw new AppError(
      "CONFLICT",
      "Only a failed or cancelled run can be re-run from its failure",
      "runId",
    );
  const document = await versionDocument(source.flowVersionId);
  const statuses = new Map(source.nodes.map((node) => [node.nodeId, node.status]));
  const redo = tainted(document, statuses);
  const preset: Record<string, Preset> = {};
  for (const node of source.nodes)
    if (!redo.has(node.nodeId) && SUCCEEDED.includes(node.status))
      preset[node.nodeId] = { status: node.status, output: node.output, branch: node.branch };
  return createRun(
    {
      teamId,
      userId,
      flowId: source.flowId,
      version: { id: source.flowVersionId, number: source.version, document },
      parameters: source.parameters as Record<string, unknown>,
      trigger: source.trigger,
      rerunOfId: source.id,
      preset,
    },
    client,
  );
}

/**
 * Runs one node of the flow's latest version alone, its upstream outputs taken from an earlier
 * run (for testing while editing). No other node executes: upstream nodes carry the earlier
 * run's outputs, the rest are Skipped.
 */
export async function runNodeAlone(
  teamId: string,
  userId: string | null,
  raw: unknown,
  client: Inngest = inngest,
) {
  const input = runNodeInput.parse(raw);
  const version = await findVersion(teamId, input.flowId);
  if (!version.document.nodes.some((node) => node.id === input.nodeId))
    throw new AppError("NOT_FOUND", `The flow has no node "${input.nodeId}"`, "nodeId");
  const from = await findRun(teamId, input.fromRunId);
  if (from.flowId !== input.flowId)
    throw new AppError("BAD_REQUEST", "That run is of another flow", "fromRunId");
  const earlier = new Map(from.nodes.map((node) => [node.nodeId, node]));
  const preset: Record<string, Preset> = {};
  const upstream = upstreamOf(input.nodeId, version.document.edges);
  for (const node of version.document.nodes) {
    if (node.id === input.nodeId) continue;
    const row = earlier.get(node.id);
    preset[node.id] =
      upstream.has(node.id) && row && SUCCEEDED.includes(row.status)
        ? { status: row.status, output: row.output, branch: row.branch }
        : { status: "SKIPPED" };
  }
  return createRun(
    {
      teamId,
      userId,
      flowId: input.flowId,
      version,
      parameters: from.parameters as Record<string, unknown>,
      trigger: "MANUAL",
      rerunOfId: from.id,
      onlyNodes: [input.nodeId],
      preset,
    },
    client,
  );
}

const runFields = {
  id: true,
  flowId: true,
  version: true,
  status: true,
  trigger: true,
  parameters: true,
  error: true,
  parentRunId: true,
  rerunOfId: true,
  scheduleId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  flow: { select: { name: true } },
} satisfies Prisma.RunSelect;

/** A run with every node's state, for the run view and the API. */
export async function getRun(teamId: string, runId: string) {
  const run = await db().run.findFirst({
    where: { id: runId, teamId },
    select: {
      ...runFields,
      flowVersionId: true,
      nodes: {
        orderBy: { nodeId: "asc" },
        select: {
          nodeId: true,
          status: true,
          attempts: true,
          branch: true,
          input: true,
          output: true,
          error: true,
          attemptErrors: true,
          logs: true,
          startedAt: true,
          finishedAt: true,
        },
      },
    },
  });
  if (!run) throw notFound("Run");
  const { flowVersionId, ...rest } = run;
  const document = await versionDocument(flowVersionId);
  const order = new Map(document.nodes.map((node, index) => [node.id, index]));
  return {
    ...rest,
    nodes: [...run.nodes].sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0)),
    /** The exact version the run executes, for drawing its canvas. */
    document,
  };
}

/** A page of the team's runs, newest first; `nextCursor` continues it. */
export async function listRuns(teamId: string, raw: unknown) {
  const input = listRunsInput.parse(raw ?? {});
  // A cursor is one of this team's runs: another team's id answers exactly as a made-up one.
  if (
    input.cursor &&
    !(await db().run.findFirst({ where: { id: input.cursor, teamId }, select: { id: true } }))
  )
    throw new AppError("BAD_REQUEST", "cursor: not a position in this list", "cursor");
  const rows = await db().run.findMany({
    where: {
      teamId,
      ...(input.flowId ? { flowId: input.flowId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.trigger ? { trigger: input.trigger } : {}),
      ...(input.since || input.until ? { createdAt: { gte: input.since, lt: input.until } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: runFields,
  });
  const more = rows.length > input.limit;
  return { runs: rows.slice(0, input.limit), nextCursor: more ? rows[input.limit - 1]!.id : null };
}
