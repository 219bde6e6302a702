import "server-only";
import type { Inngest } from "inngest";
import type { FlowDocument } from "@/lib/flow/document";
import { upstreamOf } from "@/lib/flow/graph";
import type { NodeStatus } from "../db/generated/client";
import { createRun, SUCCEEDED, type Preset } from "../engine/runs";
import { versionDocument } from "../engine/state";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

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
