import "server-only";
import { MAX_PIN_BYTES, type PinInput } from "@/lib/schemas/pin";
import { db } from "../db/client";
import { asJson } from "../db/json";
import { AppError, notFound } from "../errors";
import { findFlow } from "./flows";

/**
 * Pinned data: sample outputs of a flow's draft nodes. Test runs use a pinned output instead of
 * running the node; saved versions never contain pins, so real runs never see them. Everyone in
 * the team sees them (a reviewer knows what a test ran on); editors change them.
 */
export async function listPins(teamId: string, flowId: string) {
  await findFlow(teamId, flowId);
  return db().flowPin.findMany({
    where: { flowId },
    orderBy: { nodeId: "asc" },
    select: { nodeId: true, output: true, updatedAt: true, createdBy: { select: { name: true } } },
  });
}

/** The flow's pinned outputs by node id, for starting a test run. */
export async function pinnedOutputs(flowId: string): Promise<Map<string, unknown>> {
  const pins = await db().flowPin.findMany({
    where: { flowId },
    select: { nodeId: true, output: true },
  });
  return new Map(pins.map((pin) => [pin.nodeId, pin.output]));
}

/** The output to pin: the given value, or the node's output in one of the flow's runs. */
async function outputToPin(teamId: string, input: PinInput) {
  if (!input.fromRunId) return input.output ?? null;
  const node = await db().nodeRun.findFirst({
    where: { runId: input.fromRunId, nodeId: input.nodeId, run: { teamId, flowId: input.flowId } },
    select: { status: true, output: true },
  });
  if (!node) throw notFound("Node in that run");
  if (node.status !== "COMPLETED" && node.status !== "CACHED")
    throw new AppError(
      "BAD_REQUEST",
      `The node did not complete in that run (${node.status.toLowerCase()}): nothing to pin`,
      "fromRunId",
    );
  return node.output;
}

export async function pinOutput(teamId: string, userId: string | null, input: PinInput) {
  await findFlow(teamId, input.flowId);
  const output = await outputToPin(teamId, input);
  const bytes = Buffer.byteLength(JSON.stringify(output ?? null));
  if (bytes > MAX_PIN_BYTES)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The output is ${(bytes / 1048576).toFixed(1)} MB; pinned data may be at most 1 MB`,
      "output",
    );
  const data = { output: asJson(output ?? null), createdById: userId };
  await db().flowPin.upsert({
    where: { flowId_nodeId: { flowId: input.flowId, nodeId: input.nodeId } },
    create: { flowId: input.flowId, nodeId: input.nodeId, ...data },
    update: data,
  });
  return { nodeId: input.nodeId, output };
}

export async function unpinOutput(teamId: string, flowId: string, nodeId: string) {
  await findFlow(teamId, flowId);
  await db().flowPin.deleteMany({ where: { flowId, nodeId } });
}
