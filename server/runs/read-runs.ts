import "server-only";
import type { ListRunsInput } from "@/lib/schemas/run";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { versionDocument } from "../engine/state";
import { AppError, notFound } from "../errors";

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
  onlyNodes: true,
  scheduleId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  flow: { select: { name: true } },
} satisfies Prisma.RunSelect;

/** What the run page shows of every node: its badge, timeline row and log lines. */
const nodeSummary = {
  nodeId: true,
  status: true,
  attempts: true,
  branch: true,
  logs: true,
  startedAt: true,
  finishedAt: true,
} satisfies Prisma.NodeRunSelect;

/** A node's whole state: its summary plus what it took in and gave out. */
const nodeDetails = {
  ...nodeSummary,
  input: true,
  output: true,
  error: true,
  attemptErrors: true,
} satisfies Prisma.NodeRunSelect;

async function readRun<Nodes extends Prisma.NodeRunSelect>(
  teamId: string,
  runId: string,
  nodes: Nodes,
) {
  const run = await db().run.findFirst({
    where: { id: runId, teamId },
    select: { ...runFields, flowVersionId: true, nodes: { select: nodes } },
  });
  if (!run) throw notFound("Run");
  const { flowVersionId, ...rest } = run;
  const document = await versionDocument(flowVersionId);
  const order = new Map(document.nodes.map((node, index) => [node.id, index]));
  const position = (node: unknown) => order.get((node as { nodeId: string }).nodeId) ?? 0;
  return {
    ...rest,
    nodes: [...run.nodes].sort((a, b) => position(a) - position(b)),
    /** The exact version the run executes, for drawing its canvas. */
    document,
  };
}

/** A run with every node's whole state, for the API. */
export const getRun = (teamId: string, runId: string) => readRun(teamId, runId, nodeDetails);

/**
 * A run as its page shows it: every node's summary; the page patches it from the event stream
 * and fetches a node's input and output only when the node is opened (getRunNode).
 */
export const getRunView = (teamId: string, runId: string) => readRun(teamId, runId, nodeSummary);

/** One node's whole state in a run of the team. */
export async function getRunNode(teamId: string, runId: string, nodeId: string) {
  const node = await db().nodeRun.findFirst({
    where: { runId, nodeId, run: { teamId } },
    select: nodeDetails,
  });
  if (!node) throw notFound("Node");
  return node;
}

/** A page of the team's runs, newest first; `nextCursor` continues it. */
export async function listRuns(teamId: string, input: ListRunsInput) {
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
