import "server-only";
import { delayStep } from "./durable-blocks";
import { executeNode } from "./execute-node";
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
  const settled = await Promise.allSettled(
    members.map(async ({ id, skip, inputFrom, delay }) => {
      if (skip) return skipNode(runId, id);
      if (delay) {
        const waited = await delayStep(runId, id, inputFrom, Infinity);
        if (!ended(waited)) throw new Error(`Delay ${id} did not end in its step`);
        return toOutcome(waited);
      }
      return toOutcome(await executeNode(runId, id, 1, 1, inputFrom));
    }),
  );
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return Object.fromEntries(
    members.map(({ id }, i) => [id, (settled[i] as PromiseFulfilledResult<Outcome>).value]),
  );
}
