import "server-only";
import { delayStep, endDelay } from "@/server/engine/durable-blocks";
import { ended, toOutcome } from "@/server/engine/outcomes";
import type { BlockRuntime } from "./runtime";

/**
 * flow.delay: a durable timer, so a delay survives restarts and costs nothing while it waits. A
 * short one (SHORT_DELAY_SECONDS) waits inside its first step.
 */
export const delay: BlockRuntime = {
  kind: "durable",
  async orchestrate({ step, runId, node, inputFrom }) {
    const wait = await step.run(`node:${node.id}`, () => delayStep(runId, node.id, inputFrom));
    if (ended(wait)) return toOutcome(wait);
    await step.sleepUntil(`node:${node.id}:wait`, new Date(wait.until));
    return toOutcome(
      await step.run(`node:${node.id}:done`, () => endDelay(runId, node.id, wait.until)),
    );
  },
};
