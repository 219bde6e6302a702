import "server-only";
import { listRunsInput } from "@/lib/schemas/run";
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
