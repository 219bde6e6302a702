import "server-only";
import { delayStep } from "./durable-blocks";
import { executeNode, type Chain } from "./execute-node";
import { skipNode } from "./lifecycle";
import { ended, toOutcome } from "./outcomes";
import type { Outcome } from "@/lib/flow/semantics";

/** A node of a shared step, as the orchestrator decided it. */
export interface GroupMember {
  id: string;
  skip: boolean;
  inputFrom: string | null;
  delay: boolean;
}

/** One node of a shared step, exactly as its own step would run it (a single attempt). */
async function runMember(
  runId: string,
  { id, skip, inputFrom, delay }: GroupMember,
  chain?: Chain,
) {
  if (skip) {
    if (chain) chain.carry = undefined;
    return skipNode(runId, id);
  }
  if (delay) {
    const waited = await delayStep(runId, id, inputFrom, Infinity);
    if (!ended(waited)) throw new Error(`Delay ${id} did not end in its step`);
    return toOutcome(waited);
  }
  return toOutcome(await executeNode(runId, id, 1, 1, inputFrom, chain));
}

/**
 * Runs the nodes of one step side by side (`stepGroups` in lib/flow/semantics.ts), each exactly
 * as its own step would: its outcome committed before the step returns, an ended node reported
 * from its row when the step runs again. Every node has settled before the step ends or throws,
 * so a retried step never runs alongside the one it repeats.
 */
export async function runNodeGroup(
  runId: string,
  members: GroupMember[],
): Promise<Record<string, Outcome>> {
  const settled = await Promise.allSettled(members.map((member) => runMember(runId, member)));
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return Object.fromEntries(
    members.map(({ id }, i) => [id, (settled[i] as PromiseFulfilledResult<Outcome>).value]),
  );
}

/**
 * Runs a chain of nodes one after another in one step (`stepChains` in lib/flow/semantics.ts),
 * each as its own step would, its outcome committed before the next starts. `plan` decides a node
 * from the outcomes of those before it in the chain (run or skip, and whose output is its input).
 * When the step runs again, the nodes that ended report their rows and the chain goes on from
 * the first that did not. Chains hold no delays: those wait in a step of their own or a group.
 * A node takes the run and the outputs before it from the node it follows, when that one
 * completed: one read of the database a node fewer.
 */
export async function runNodeChain(
  runId: string,
  chain: string[],
  plan: (id: string, before: Record<string, Outcome>) => Omit<GroupMember, "id" | "delay">,
): Promise<Record<string, Outcome>> {
  const outcomes: Record<string, Outcome> = {};
  // Each node hands the next the run and the outputs it loaded, with its own (node-step.ts).
  const handOver: Chain = {};
  for (const id of chain)
    outcomes[id] = await runMember(runId, { id, delay: false, ...plan(id, outcomes) }, handOver);
  return outcomes;
}
