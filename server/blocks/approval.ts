import "server-only";
import { beginApproval, endApproval, openApproval, type Decision } from "@/server/engine/approval";
import { approvalDecided } from "@/server/engine/events";
import { ended, toOutcome } from "@/server/engine/outcomes";
import type { BlockRuntime } from "./runtime";

/** flow.approval: waits durably for a person's decision (or its timeout). */
export const approval: BlockRuntime = {
  kind: "durable",
  async orchestrate({ step, runId, node, inputFrom }) {
    const wait = await step.run(`node:${node.id}`, () => beginApproval(runId, node.id, inputFrom));
    if (ended(wait)) return toOutcome(wait);
    // The wait is registered in the same round as the step that opens the node to decisions, so
    // no decision can be sent before someone listens for it.
    const [decided] = await Promise.all([
      step.waitForEvent(`node:${node.id}:decision`, {
        event: approvalDecided,
        timeout: wait.timeoutSeconds * 1000,
        if: `async.data.runId == "${runId}" && async.data.nodeId == "${node.id}"`,
      }),
      step.run(`node:${node.id}:open`, () => openApproval(runId, node.id, wait.message)),
    ]);
    const decision = (decided?.data as Decision | undefined) ?? null;
    return toOutcome(
      await step.run(`node:${node.id}:done`, () =>
        endApproval(runId, node.id, decision, wait.onTimeout),
      ),
    );
  },
};
