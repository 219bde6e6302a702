import "server-only";
import type { Inngest } from "inngest";
import { resolveParameters } from "@/lib/flow/parameters";
import type { StartRunInput } from "@/lib/schemas/run";
import type { RunTrigger } from "../db/generated/client";
import { createRun, findVersion, type HandOver } from "../engine/runs";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";

export interface StartRequest {
  teamId: string;
  userId: string | null;
  trigger: RunTrigger;
  parent?: { runId: string; nodeId: string };
  scheduleId?: string;
}

/** Starts a run of a flow's latest (or a given) version with checked parameters. */
export async function startRun(
  request: StartRequest,
  input: StartRunInput,
  client: Inngest = inngest,
  handOver: HandOver = "await",
) {
  const version = await findVersion(request.teamId, input.flowId, input.version);
  const parameters = resolveParameters(version.document.parameters, input.parameters);
  if (!parameters.ok) throw new AppError("BAD_REQUEST", parameters.message, parameters.field);
  return createRun(
    { ...request, flowId: input.flowId, version, parameters: parameters.values },
    client,
    handOver,
  );
}
