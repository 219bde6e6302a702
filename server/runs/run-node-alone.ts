import "server-only";
import type { Inngest } from "inngest";
import { downstreamOf, upstreamOf } from "@/lib/flow/graph";
import type { RunNodeInput } from "@/lib/schemas/run";
import { createRun, findVersion, SUCCEEDED, type Preset } from "../engine/runs";
import { db } from "../db/client";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

/** The flow's latest run that has ended: where "run from here" takes upstream outputs by default. */
async function latestEndedRun(teamId: string, flowId: string) {
  const latest = await db().run.findFirst({
    where: { teamId, flowId, status: { in: ["COMPLETED", "FAILED", "CANCELLED"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!latest)
    throw new AppError("BAD_REQUEST", "This flow has not run yet: run it once first", "fromRunId");
  return latest.id;
}

/**
 * Runs one node of the flow's latest version — alone, or with everything downstream of it ("run
 * from here") — its upstream outputs taken from an earlier run (the latest by default), for
 * testing while editing. Upstream nodes are not executed again: they carry the earlier run's
 * outputs; nodes off the path are Skipped.
 */
export async function runNodeAlone(
  teamId: string,
  userId: string | null,
  input: RunNodeInput,
  client: Inngest = inngest,
) {
  const version = await findVersion(teamId, input.flowId);
  if (!version.document.nodes.some((node) => node.id === input.nodeId))
    throw new AppError("NOT_FOUND", `The flow has no node "${input.nodeId}"`, "nodeId");
  const from = await findRun(
    teamId,
    input.fromRunId ?? (await latestEndedRun(teamId, input.flowId)),
  );
  if (from.flowId !== input.flowId)
    throw new AppError("BAD_REQUEST", "That run is of another flow", "fromRunId");
  const earlier = new Map(from.nodes.map((node) => [node.nodeId, node]));
  const preset: Record<string, Preset> = {};
  const { edges } = version.document;
  const targets = new Set([
    input.nodeId,
    ...(input.downstream ? downstreamOf(input.nodeId, edges) : []),
  ]);
  const upstream = new Set([...targets].flatMap((id) => [...upstreamOf(id, edges)]));
  for (const node of version.document.nodes) {
    if (targets.has(node.id)) continue;
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
      onlyNodes: [...targets],
      preset,
    },
    client,
  );
}
