import "server-only";
import type { Inngest } from "inngest";
import type { FlowDocument } from "@/lib/flow/document";
import { diffDocuments } from "@/lib/flow/diff";
import { upstreamOf } from "@/lib/flow/graph";
import { resolveParameters } from "@/lib/flow/parameters";
import type { NodeStatus } from "../db/generated/client";
import { createRun, findVersion, SUCCEEDED, type Preset } from "../engine/runs";
import { versionDocument } from "../engine/state";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

/**
 * Nodes that must run again: the unfinished ones, those the chosen version changed or added, and
 * everything downstream of them.
 */
function tainted(document: FlowDocument, statuses: Map<string, NodeStatus>, changed: Set<string>) {
  const bad = new Set(
    document.nodes
      .filter(
        (node) =>
          changed.has(node.id) ||
          !["COMPLETED", "CACHED", "SKIPPED"].includes(statuses.get(node.id) ?? "PENDING"),
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
 * A new run with the same parameters that reuses the outputs of nodes that completed and
 * re-executes the failed (or cancelled) nodes and everything downstream. It runs the flow's latest
 * version unless `version` names another (the failed run's own, say): a node that version changed
 * runs again too, so a fix is never skipped over.
 */
export async function rerunFromFailure(
  teamId: string,
  userId: string | null,
  runId: string,
  options: { version?: number } = {},
  client: Inngest = inngest,
) {
  const source = await findRun(teamId, runId);
  if (source.trigger === "TEST")
    throw new AppError("BAD_REQUEST", "A test run is re-run by testing the draft again", "runId");
  if (source.status !== "FAILED" && source.status !== "CANCELLED")
    throw new AppError(
      "CONFLICT",
      "Only a failed or cancelled run can be re-run from its failure",
      "runId",
    );
  const ran = await versionDocument(source.flowVersionId);
  const version =
    options.version === source.version
      ? { id: source.flowVersionId, number: source.version, document: ran }
      : await findVersion(teamId, source.flowId, options.version);
  const { document } = version;
  const diff = diffDocuments(ran, document);
  const changed = new Set(Object.keys(diff.nodes));
  const statuses = new Map(source.nodes.map((node) => [node.nodeId, node.status]));
  const redo = tainted(document, statuses, changed);
  // The parameters the run had, as the chosen version declares them (defaults for new ones).
  const declared = new Set(document.parameters.map((parameter) => parameter.name));
  const given = Object.fromEntries(
    Object.entries(source.parameters as Record<string, unknown>).filter(([name]) =>
      declared.has(name),
    ),
  );
  const parameters = resolveParameters(document.parameters, given);
  if (!parameters.ok)
    throw new AppError(
      "BAD_REQUEST",
      `Version ${version.number} needs other parameters than this run had: ${parameters.message}`,
      parameters.field,
    );
  const preset: Record<string, Preset> = {};
  for (const node of source.nodes)
    if (!redo.has(node.nodeId) && SUCCEEDED.includes(node.status))
      preset[node.nodeId] = { status: node.status, output: node.output, branch: node.branch };
  return createRun(
    {
      teamId,
      userId,
      flowId: source.flowId,
      version,
      parameters: parameters.values,
      trigger: source.trigger,
      rerunOfId: source.id,
      preset,
    },
    client,
  );
}
