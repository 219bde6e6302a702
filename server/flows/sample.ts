import "server-only";
import { shrinkSample } from "@/lib/expressions/sample";
import { db } from "../db/client";
import { SUCCEEDED } from "../engine/runs";
import { latestEndedRun } from "../runs/run-node-alone";
import { findFlow } from "./flows";
import { pinnedOutputs } from "./pins";

/**
 * The data the editor completes paths from and previews expressions on: the outputs and
 * parameters of the flow's latest ended run (a test included), pinned outputs taking precedence,
 * each cut to a sample (shrinkSample). Never secrets: completions list their names only.
 */
export async function sampleData(teamId: string, flowId: string) {
  await findFlow(teamId, flowId);
  const runId = await latestEndedRun(teamId, flowId, true);
  const run = runId
    ? await db().run.findUniqueOrThrow({
        where: { id: runId },
        select: {
          parameters: true,
          nodes: { where: { status: { in: SUCCEEDED } }, select: { nodeId: true, output: true } },
        },
      })
    : null;
  const outputs: Record<string, unknown> = {};
  for (const node of run?.nodes ?? []) outputs[node.nodeId] = shrinkSample(node.output);
  const pins = await pinnedOutputs(flowId);
  for (const [nodeId, output] of pins) outputs[nodeId] = shrinkSample(output);
  return {
    runId,
    parameters: shrinkSample(run?.parameters ?? {}) as Record<string, unknown>,
    outputs,
    pinned: [...pins.keys()],
  };
}
