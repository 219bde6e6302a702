import "server-only";
import type { Inngest } from "inngest";
import type { FlowDocument } from "@/lib/flow/document";
import { downstreamOf, upstreamOf } from "@/lib/flow/graph";
import type { RunNodeInput } from "@/lib/schemas/run";
import { createRun, findVersion, SUCCEEDED, type Preset } from "../engine/runs";
import { db } from "../db/client";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

/**
 * The flow's latest run that has ended: where "run from here" takes upstream outputs by default.
 * A test run only feeds another test (its outputs may be pinned data); null when there is none.
 */
export async function latestEndedRun(teamId: string, flowId: string, tests: boolean) {
  const latest = await db().run.findFirst({
    where: {
      teamId,
      flowId,
      status: { in: ["COMPLETED", "FAILED", "CANCELLED"] },
      ...(tests ? {} : { trigger: { not: "TEST" } }),
    },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return latest?.id ?? null;
}

/** The outputs an earlier run's succeeded nodes stand in with. */
export const reusableOutputs = (nodes: { nodeId: string; status: Preset["status"] }[]) =>
  new Map(
    nodes
      .filter((node) => SUCCEEDED.includes(node.status))
      .map((node): [string, Preset] => [node.nodeId, node as Preset]),
  );

/**
 * What a run of only `nodeId` (and, with `downstream`, everything after it) starts from: upstream
 * nodes carry the `reused` outputs and are not executed again; nodes off the path are Skipped.
 * Refuses when a node the targets take input from has no output to reuse.
 */
export function presetsAround(
  document: FlowDocument,
  nodeId: string,
  downstream: boolean,
  reused: Map<string, Preset>,
) {
  const { edges } = document;
  const targets = new Set([nodeId, ...(downstream ? downstreamOf(nodeId, edges) : [])]);
  const upstream = new Set([...targets].flatMap((id) => [...upstreamOf(id, edges)]));
  const missing = edges
    .filter((edge) => targets.has(edge.target) && !targets.has(edge.source))
    .map((edge) => edge.source)
    .filter((id) => !reused.has(id));
  if (missing.length) {
    const names = [...new Set(missing)].map(
      (id) => document.nodes.find((node) => node.id === id)?.name ?? id,
    );
    throw new AppError(
      "BAD_REQUEST",
      `No output to start from for ${names.join(", ")}: run the flow once or pin data on ${names.length > 1 ? "them" : "it"}`,
      "fromRunId",
    );
  }
  const preset: Record<string, Preset> = {};
  for (const node of document.nodes) {
    if (targets.has(node.id)) continue;
    const earlier = reused.get(node.id);
    preset[node.id] = upstream.has(node.id) && earlier ? earlier : { status: "SKIPPED" };
  }
  return { preset, onlyNodes: [...targets] };
}

/**
 * Runs one node of the flow's latest version — alone, or with everything downstream of it ("run
 * from here") — its upstream outputs taken from an earlier run (the latest by default), for
 * testing while editing.
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
  const fromRunId = input.fromRunId ?? (await latestEndedRun(teamId, input.flowId, false));
  if (!fromRunId)
    throw new AppError("BAD_REQUEST", "This flow has not run yet: run it once first", "fromRunId");
  const from = await findRun(teamId, fromRunId);
  if (from.flowId !== input.flowId)
    throw new AppError("BAD_REQUEST", "That run is of another flow", "fromRunId");
  if (from.trigger === "TEST")
    throw new AppError(
      "BAD_REQUEST",
      "A test run's outputs only feed other tests: choose a real run",
      "fromRunId",
    );
  const plan = presetsAround(
    version.document,
    input.nodeId,
    input.downstream,
    reusableOutputs(from.nodes),
  );
  return createRun(
    {
      teamId,
      userId,
      flowId: input.flowId,
      version,
      parameters: from.parameters as Record<string, unknown>,
      trigger: "MANUAL",
      rerunOfId: from.id,
      ...plan,
    },
    client,
  );
}
