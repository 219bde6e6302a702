import "server-only";
import type { Inngest } from "inngest";
import { ACTIVE_RUN_STATUSES } from "@/lib/runs/status";
import { db } from "../db/client";
import { runCancelled, runFinished } from "../engine/events";
import { closeRun } from "../engine/state";
import { AppError } from "../errors";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";

/** Cancels a run that has not ended: no new node starts, running ones end Cancelled. */
export async function cancelRun(teamId: string, runId: string, client: Inngest = inngest) {
  const run = await findRun(teamId, runId);
  const cancelled = await db().$transaction((tx) => closeRun(tx, runId, "CANCELLED"));
  if (!cancelled)
    throw new AppError("CONFLICT", `The run already ended (${run.status.toLowerCase()})`, "runId");
  await client.send(runCancelled.create({ runId }));
  if (run.parentRunId) await client.send(runFinished.create({ runId, status: "CANCELLED" }));
  const children = await db().run.findMany({
    where: { parentRunId: runId, status: { in: [...ACTIVE_RUN_STATUSES] } },
    select: { id: true },
  });
  // A child may end on its own meanwhile (CONFLICT); anything else is a real failure.
  for (const child of children)
    await cancelRun(teamId, child.id, client).catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
  return { id: runId, status: "CANCELLED" as const };
}
