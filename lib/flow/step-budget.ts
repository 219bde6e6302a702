// How many Inngest steps one run of a flow can take at most. Inngest (Cloud and `inngest start`)
// fails a run beyond 1,000 steps, so a flow that could need more must not run.
import type { FlowDocument } from "./document";

export const STEP_LIMIT = 1_000;

/** The run's own steps: load, finish, notify, notify the parent run. */
const RUN_STEPS = 4;

/** Blocks that orchestrate several steps (server/blocks/<block>.ts, kind "durable"). */
const DURABLE_STEPS: Record<string, number> = {
  "flow.delay": 3,
  "flow.approval": 4,
  // Whatever the number of items: the children start each other (server/blocks/subflow.ts).
  "flow.subflow": 4,
  "flow.block": 4,
};

/** A node's steps at most: one per attempt, plus the sleep before each retry. */
export function nodeSteps(node: FlowDocument["nodes"][number]): number {
  const durable = DURABLE_STEPS[node.block];
  if (durable) return durable;
  return 1 + node.retries * (node.retryDelaySeconds > 0 ? 2 : 1);
}

export const stepBudget = (doc: FlowDocument) =>
  RUN_STEPS + doc.nodes.reduce((total, node) => total + nodeSteps(node), 0);
