import "server-only";
import type { Inngest } from "inngest";
import { runCancelled, runFinished } from "../engine/events";
import { cancelChildren } from "../engine/lifecycle";
import { closeRun } from "../engine/state";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

/** Cancels a run that has not ended: no new node starts, running ones end Cancelled. */
export async function cancelRun(teamId: string, runId: string, client: Inngest = inngest) {
  const run = await findRun(teamId, runId);
  const cancelled = await closeRun(runId, "CANCELLED");
  if (!cancelled)
    throw new AppError("CONFLICT", `The run already ended (${run.status.toLowerCase()})`, "runId");
  await client.send(runCancelled.create({ runId }));
  if (run.parentRunId) await client.send(runFinished.create({ runId, status: "CANCELLED" }));
  await cancelChildren(runId, client);
  return { id: runId, status: "CANCELLED" as const };
}
