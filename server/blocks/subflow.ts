import "server-only";
import { RUN_FINISHED } from "@/server/engine/events";
import { ended, toOutcome } from "@/server/engine/outcomes";
import { requestRun } from "@/server/engine/runs";
import { beginSubflow, endSubflow } from "@/server/engine/subflow";
import type { BlockRuntime } from "./runtime";

/** flow.subflow: child runs of another flow (one per item with forEach), a batch at a time. */
export const subflow: BlockRuntime = {
  kind: "durable",
  async orchestrate({ step, runId, node, inputFrom, client }) {
    const plan = await step.run(`node:${node.id}`, () => beginSubflow(runId, node.id, inputFrom));
    if (ended(plan)) return toOutcome(plan);
    for (let first = 0; first < plan.children.length; first += plan.concurrency) {
      const batch = plan.children.slice(first, first + plan.concurrency);
      // Each wait is registered in the same round as its child is requested, before it can end.
      await Promise.all(
        batch.map((child: string, offset: number) =>
          Promise.all([
            step.waitForEvent(`node:${node.id}:child-${first + offset}`, {
              event: RUN_FINISHED,
              timeout: "30d",
              if: `async.data.runId == "${child}"`,
            }),
            step.run(`node:${node.id}:start-${first + offset}`, () => requestRun(child, client)),
          ]),
        ),
      );
    }
    return toOutcome(
      await step.run(`node:${node.id}:done`, () =>
        endSubflow(runId, node.id, plan.children, plan.many),
      ),
    );
  },
};
