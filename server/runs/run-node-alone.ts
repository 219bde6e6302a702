import "server-only";
import type { Inngest } from "inngest";
import { upstreamOf } from "@/lib/flow/graph";
import type { RunNodeInput } from "@/lib/schemas/run";
import { createRun, findVersion, SUCCEEDED, type Preset } from "../engine/runs";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

/**
 * Runs one node of the flow's latest version alone, its upstream outputs taken from an earlier
 * run (for testing while editing). No other node executes: upstream nodes carry the earlier
 * run's outputs, the rest are Skipped.
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
