import "server-only";
import { getRunQuery, listRunsQuery, startRunBody } from "@/lib/schemas/rest";
import { saveFlowInput } from "@/lib/schemas/flow";
import { listRunsInput, startRunInput } from "@/lib/schemas/run";
import { listAuditInput } from "@/lib/schemas/audit";
import { listAudit } from "../audit/audit";
import { cancelRun } from "../runs/cancel-run";
import { getRun, listRuns } from "../runs/read-runs";
import { waitForRunEnd } from "../runs/run-events";
import { inngest } from "../inngest/client";
import { startRun } from "../runs/start-run";
import { AppError } from "../errors";
import { createFlow, listFlows } from "../flows/flows";
import { getVersion, saveFlow } from "../flows/versions";
import type { RestContext } from "./handler";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

type RunRow = Awaited<ReturnType<typeof listRuns>>["runs"][number];
const runJson = (run: RunRow) => ({
  id: run.id,
  flowId: run.flowId,
  version: run.version,
  status: run.status.toLowerCase(),
  trigger: run.trigger.toLowerCase(),
  parameters: run.parameters,
  error: run.error,
  startedAt: iso(run.startedAt ?? null),
  finishedAt: iso(run.finishedAt ?? null),
});

export async function listFlowsRoute({ teamId }: RestContext) {
  const flows = await listFlows(teamId);
  return {
    body: {
      flows: flows.map((flow) => ({
        ...flow,
        tags: undefined,
        updatedAt: flow.updatedAt.toISOString(),
      })),
    },
  };
}

export async function createFlowRoute(ctx: RestContext) {
  const flow = await createFlow(ctx.teamId, ctx.userId, { document: await ctx.body() });
  return {
    status: 201,
    body: { ...flow, tags: undefined, updatedAt: flow.updatedAt.toISOString() },
  };
}

export async function getFlowRoute({ teamId, params }: RestContext) {
  const version = await getVersion(teamId, params.id!);
  return {
    body: {
      id: params.id,
      version: version.number,
      message: version.message,
      document: version.document,
    },
  };
}

/**
 * Saves the body (a flow document) as a new version; `If-Match: <version>` guards a stale write,
 * `?message=` says what changed.
 */
export async function putFlowRoute(ctx: RestContext) {
  const ifMatch = ctx.request.headers.get("if-match");
  const { flow } = await getVersion(ctx.teamId, ctx.params.id!);
  const search = new URL(ctx.request.url).searchParams;
  const baseVersion = ifMatch === null ? flow.latestVersion : Number(ifMatch.replace(/"/g, ""));
  if (!Number.isInteger(baseVersion))
    throw new AppError("BAD_REQUEST", "If-Match must be a version number", "If-Match");
  const saved = await saveFlow(
    ctx.teamId,
    ctx.userId,
    saveFlowInput.parse({
      flowId: ctx.params.id,
      document: await ctx.body(),
      baseVersion,
      acceptBreaking: search.get("acceptBreaking") === "true",
      message: search.get("message") ?? "",
    }),
  );
  return { body: { id: ctx.params.id, version: saved.number } };
}

export async function startRunRoute(ctx: RestContext) {
  const input = startRunBody.parse(await ctx.body());
  const run = await startRun(
    { teamId: ctx.teamId, userId: ctx.userId, trigger: "API" },
    startRunInput.parse({ ...input, flowId: ctx.params.id }),
    inngest,
    "while-answering",
  );
  return { status: 201, body: { id: run.id, status: run.status.toLowerCase() } };
}

/** `?wait=N` answers once the run has ended or N seconds have passed, whichever comes first. */
export async function getRunRoute({ teamId, params, request }: RestContext) {
  const { wait } = getRunQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (wait > 0) await waitForRunEnd(teamId, params.id!, wait * 1000, request.signal);
  const run = await getRun(teamId, params.id!);
  return {
    body: {
      ...runJson(run),
      nodes: run.nodes.map((node) => ({
        id: node.nodeId,
        status: node.status.toLowerCase(),
        attempts: node.attempts,
        output: node.output,
        error: node.error,
        startedAt: iso(node.startedAt),
        finishedAt: iso(node.finishedAt),
      })),
    },
  };
}

export async function listRunsRoute({ teamId, request }: RestContext) {
  const query = listRunsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listRuns(
    teamId,
    listRunsInput.parse({
      ...query,
      status: query.status?.toUpperCase(),
      trigger: query.trigger?.toUpperCase(),
    }),
  );
  return { body: { runs: page.runs.map(runJson), nextCursor: page.nextCursor } };
}

export async function cancelRunRoute({ teamId, params }: RestContext) {
  const run = await cancelRun(teamId, params.id!);
  return { body: { id: run.id, status: "cancelled" } };
}

/** GET /api/v1/audit: the team's audit log, for keys of owners; the same filters as the page. */
export async function listAuditRoute(ctx: RestContext) {
  if (ctx.role !== "OWNER")
    throw new AppError("FORBIDDEN", "The audit log is for the team's owners", "authorization");
  const query = Object.fromEntries(new URL(ctx.request.url).searchParams);
  const page = await listAudit(
    ctx.teamId,
    listAuditInput.parse({ ...query, ...(query.limit ? { limit: Number(query.limit) } : {}) }),
  );
  return {
    body: {
      entries: page.entries.map((entry) => ({
        ...entry,
        source: entry.source.toLowerCase(),
        createdAt: entry.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    },
  };
}
