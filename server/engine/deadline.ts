import "server-only";
import type { Inngest } from "inngest";
import { runCancelled, runFinished, runRequested } from "./events";
import { abandonRun, cancelChildren } from "./lifecycle";

const describeSeconds = (seconds: number) =>
  seconds % 86_400 === 0
    ? `${seconds / 86_400} day${seconds === 86_400 ? "" : "s"}`
    : seconds % 3_600 === 0
      ? `${seconds / 3_600} hour${seconds === 3_600 ? "" : "s"}`
      : `${Math.round(seconds / 60)} minute${seconds === 60 ? "" : "s"}`;

/**
 * Ends a run that outlived its flow's time limit: Failed, with the reason, its open nodes and its
 * subflow children (and theirs) cancelled. Returns what must still be told to Inngest.
 */
export async function giveUpRun(runId: string, seconds: number, client: Inngest) {
  const reason = `Gave up: still running after ${describeSeconds(seconds)}, the flow's time limit`;
  const { abandoned, parentRunId } = await abandonRun(runId, reason);
  if (abandoned) await cancelChildren(runId, client);
  return { gaveUp: abandoned, parentRunId };
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
      const result = await step.run("give-up", () => giveUpRun(runId, giveUpAfterSeconds, client));
      if (result.gaveUp)
        await step.sendEvent("stop", [
          runCancelled.create({ runId }),
          ...(result.parentRunId ? [runFinished.create({ runId, status: "FAILED" })] : []),
        ]);
      return { gaveUp: result.gaveUp };
    },
  );
}
