import "server-only";
import type { Inngest } from "inngest";
import { executeNode, type StepOutcome } from "./execute-node";
import { beginDelay, endDelay } from "./durable-blocks";
import { beginRun, finishRun, skipNode } from "./lifecycle";
import {
  decide,
  incoming,
  inputSource,
  retryDelaySeconds,
  topologicalOrder,
  type Outcome,
  type Skeleton,
} from "./semantics";

export const RUN_REQUESTED = "weft/run.requested";
export const RUN_CANCELLED = "weft/run.cancelled";

const toOutcome = (outcome: StepOutcome): Outcome =>
  outcome.status === "failed" ? { status: "failed" } : (outcome as Outcome);

/**
 * The flow-run function: one Inngest run per Weft run. Each node is a step `node:<id>` (retries
 * `node:<id>:attempt-<n>` after a durable sleep); a node's step starts once all its parents have
 * settled, so independent branches run as parallel steps. All state lives in PostgreSQL; steps
 * return only small outcomes, never outputs.
 */
export function createFlowRunFunction(client: Inngest) {
  return client.createFunction(
    {
      id: "flow-run",
      name: "Flow run",
      // Retries of the whole call cover crashes and lost connections; node retries are our own.
      retries: 5,
      triggers: [{ event: RUN_REQUESTED }],
      cancelOn: [{ event: RUN_CANCELLED, match: "data.runId" }],
    },
    async ({ event, step }) => {
      const runId = String((event.data as { runId?: unknown }).runId ?? "");
      const plan = await step.run("load", () => beginRun(runId));
      if ("cancelled" in plan) return { status: "CANCELLED" };
      const { skeleton } = plan as { skeleton: Skeleton };
      const outcomes: Record<string, Outcome> = { ...(plan.preset as Record<string, Outcome>) };

      async function settle(node: Skeleton["nodes"][number]): Promise<Outcome> {
        const id = node.id;
        if (decide(skeleton, id, outcomes) === "skip")
          return step.run(`node:${id}`, () => skipNode(runId, id)) as Promise<Outcome>;
        const inputFrom = inputSource(skeleton, id, outcomes);
        if (node.block === "flow.delay") {
          const wait = await step.run(`node:${id}`, () => beginDelay(runId, id, inputFrom));
          if ("status" in wait) return toOutcome(wait as StepOutcome);
          await step.sleepUntil(`node:${id}:wait`, new Date(wait.until));
          return toOutcome(
            (await step.run(`node:${id}:done`, () =>
              endDelay(runId, id, wait.until),
            )) as StepOutcome,
          );
        }
        const maxAttempts = node.retries + 1;
        for (let attempt = 1; ; attempt++) {
          if (attempt > 1) {
            const delay = retryDelaySeconds(node.retryDelaySeconds, attempt);
            if (delay > 0) await step.sleep(`node:${id}:retry-${attempt}`, delay * 1000);
          }
          const outcome = (await step.run(
            attempt === 1 ? `node:${id}` : `node:${id}:attempt-${attempt}`,
            () => executeNode(runId, id, attempt, maxAttempts, inputFrom),
          )) as StepOutcome;
          if (outcome.status !== "failed" || !outcome.retry) return toOutcome(outcome);
        }
      }

      const settled = new Map<string, Promise<void>>();
      const byId = new Map(skeleton.nodes.map((node) => [node.id, node]));
      for (const id of topologicalOrder(skeleton)) {
        const parents = incoming(skeleton, id).map((edge) => settled.get(edge.source)!);
        settled.set(
          id,
          Promise.all(parents).then(async () => {
            outcomes[id] ??= await settle(byId.get(id)!);
          }),
        );
      }
      await Promise.all(settled.values());
      return step.run("finish", () => finishRun(runId, skeleton, outcomes));
    },
  );
}
