import "server-only";
import type { Inngest } from "inngest";
import { runFinished, subflowDone } from "@/server/engine/events";
import { ended, toOutcome } from "@/server/engine/outcomes";
import { advanceSubflow, beginSubflow, endSubflow, startChildren } from "@/server/engine/subflow";
import type { Outcome } from "@/lib/flow/semantics";
import type { BlockRuntime, DurableContext } from "./runtime";

/** How long a subflow node waits for all its children. */
const WAIT = "30d";

/**
 * flow.subflow: child runs of another flow (one per item with forEach), `concurrency` at a time.
 * The parent takes four steps whatever the number of items (Inngest ends a run beyond 1,000): it
 * starts the first children and waits once; each child's end starts the next (see
 * createSubflowChildFunction), and the last one tells the parent.
 */
export const subflow: BlockRuntime = {
  kind: "durable",
  orchestrate: (args) => orchestrate(args, false),
};

/**
 * flow.block: a team block runs its pinned version of the published flow as one subflow child;
 * its output is the result node's output (or the leaves' by id).
 */
export const teamBlock: BlockRuntime = {
  kind: "durable",
  orchestrate: (args) => orchestrate(args, true),
};

async function orchestrate(
  { step, runId, node, inputFrom, client }: DurableContext,
  block: boolean,
): Promise<Outcome> {
  const plan = await step.run(`node:${node.id}`, () => beginSubflow(runId, node.id, inputFrom));
  if (ended(plan)) return toOutcome(plan);
  // The wait is registered in the same round as the step that starts the children, so no child
  // can end before someone listens.
  await Promise.all([
    step.waitForEvent(`node:${node.id}:children`, {
      event: subflowDone,
      timeout: WAIT,
      if: `async.data.runId == "${runId}" && async.data.nodeId == "${node.id}"`,
    }),
    step.run(`node:${node.id}:start`, () =>
      startChildren(runId, node.id, plan.concurrency, client),
    ),
  ]);
  return toOutcome(
    await step.run(`node:${node.id}:done`, () =>
      endSubflow(runId, node.id, plan.many, block ? { result: plan.resultNodeId } : undefined),
    ),
  );
}

/** When a subflow's child run ends, its next waiting sibling starts (or the parent hears). */
export function createSubflowChildFunction(client: Inngest) {
  return client.createFunction(
    { id: "subflow-child-ended", name: "Subflow child ended", triggers: [{ event: runFinished }] },
    async ({ event, step }) => {
      return step.run("next", () => advanceSubflow(event.data.runId, client));
    },
  );
}
