import "server-only";
import type { Inngest } from "inngest";
import { ACTIVE_RUN_STATUSES } from "@/lib/runs/status";
import { db } from "../db/client";
import { runCancelled, runFinished, runRequested } from "./events";
import { closeRun } from "./state";

const describeSeconds = (seconds: number) =>
  seconds % 86_400 === 0
    ? `${seconds / 86_400} day${seconds === 86_400 ? "" : "s"}`
    : seconds % 3_600 === 0
      ? `${seconds / 3_600} hour${seconds === 3_600 ? "" : "s"}`
      : `${Math.round(seconds / 60)} minute${seconds === 60 ? "" : "s"}`;

/**
 * Ends a run that outlived its flow's time limit: Failed, with the reason, its open nodes and its
 * subflow children cancelled. Returns what must be told to Inngest (nothing if it already ended).
 */
export async function giveUpRun(runId: string, seconds: number) {
  return db().$transaction(async (tx) => {
    const reason = `Gave up: still running after ${describeSeconds(seconds)}, the flow's time limit`;
    if (!(await closeRun(tx, runId, "FAILED", reason)))
      return { gaveUp: false, parentRunId: null, children: [] as string[] };
    const { parentRunId } = await tx.run.findUniqueOrThrow({
      where: { id: runId },
      select: { parentRunId: true },
    });
    const children: string[] = [];
    for (const child of await tx.run.findMany({
      where: { parentRunId: runId, status: { in: [...ACTIVE_RUN_STATUSES] } },
      select: { id: true },
    }))
      if (await closeRun(tx, child.id, "CANCELLED")) children.push(child.id);
    return { gaveUp: true, parentRunId, children };
  });
}

/**
 * A flow's "give up after": Inngest's own `timeouts` are per function, so the limit of each flow
 * is a durable sleep in a function of its own, started with the run (only when the flow has one).
 */
export function createDeadlineFunction(client: Inngest) {
  return client.createFunction(
    {
      id: "run-deadline",
      name: "Run time limit",
      retries: 5,
      triggers: [{ event: runRequested, if: "event.data.giveUpAt != null" }],
    },
    async ({ event, step }) => {
      const { runId, giveUpAt, giveUpAfterSeconds } = event.data;
      if (!giveUpAt || !giveUpAfterSeconds) return { gaveUp: false };
      await step.sleepUntil("deadline", new Date(giveUpAt));
      const result = await step.run("give-up", () => giveUpRun(runId, giveUpAfterSeconds));
      if (result.gaveUp)
        await step.sendEvent("stop", [
          ...[runId, ...result.children].map((id) => runCancelled.create({ runId: id })),
          ...(result.parentRunId ? [runFinished.create({ runId, status: "FAILED" })] : []),
        ]);
      return { gaveUp: result.gaveUp };
    },
  );
}
