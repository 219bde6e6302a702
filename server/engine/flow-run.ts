import "server-only";
import type { Inngest } from "inngest";
import { beginApproval, endApproval, openApproval, type Decision } from "./approval";
import { beginDelay, endDelay } from "./durable-blocks";
import { APPROVAL_DECIDED, RUN_CANCELLED, RUN_FINISHED, RUN_REQUESTED } from "./events";
import { executeNode, type StepOutcome } from "./execute-node";
import { abandonRun, beginRun, finishRun, skipNode } from "./lifecycle";
import { notifyRunFinished } from "../notifications/notifications";
import { requestRun } from "./runs";
import { beginSubflow, endSubflow } from "./subflow";
import {
  decide,
  incoming,
  inputSource,
  retryDelaySeconds,
  topologicalOrder,
  type Outcome,
  type Skeleton,
} from "./semantics";

type Step = Parameters<Parameters<Inngest["createFunction"]>[1]>[0]["step"];
type Node = Skeleton["nodes"][number];

const toOutcome = (outcome: StepOutcome): Outcome =>
  outcome.status === "failed" ? { status: "failed" } : (outcome as Outcome);
const ended = (value: object): value is StepOutcome => "status" in value;

/**
 * Blocks that wait durably (Inngest sleeps and waits, not a busy step): each starts in step
 * `node:<id>`, waits, and ends in `node:<id>:done`.
 */
const durable: Record<
  string,
  (ctx: {
    step: Step;
    runId: string;
    node: Node;
    inputFrom: string | null;
    client: Inngest;
  }) => Promise<Outcome>
> = {
  async "flow.delay"({ step, runId, node, inputFrom }) {
    const wait = await step.run(`node:${node.id}`, () => beginDelay(runId, node.id, inputFrom));
    if (ended(wait)) return toOutcome(wait);
    await step.sleepUntil(`node:${node.id}:wait`, new Date(wait.until));
    return toOutcome(
      await step.run(`node:${node.id}:done`, () => endDelay(runId, node.id, wait.until)),
    );
  },
  async "flow.approval"({ step, runId, node, inputFrom }) {
    const wait = await step.run(`node:${node.id}`, () => beginApproval(runId, node.id, inputFrom));
    if (ended(wait)) return toOutcome(wait);
    // The wait is registered in the same round as the step that opens the node to decisions, so
    // no decision can be sent before someone listens for it.
    const [decided] = await Promise.all([
      step.waitForEvent(`node:${node.id}:decision`, {
        event: APPROVAL_DECIDED,
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
  async "flow.subflow"({ step, runId, node, inputFrom, client }) {
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
      // When Inngest gives up on the run (retries exhausted), the run ends Failed, never Running.
      onFailure: async ({ event, error, step }) => {
        const runId = String((event.data.event.data as { runId?: unknown }).runId ?? "");
        const ended = await step.run("abandon", () =>
          abandonRun(runId, `Execution stopped after repeated errors: ${error.message}`),
        );
        if (ended.parentRunId)
          await step.sendEvent("notify-parent", {
            name: RUN_FINISHED,
            data: { runId, status: "FAILED" },
          });
      },
    },
    async ({ event, step }) => {
      const runId = String((event.data as { runId?: unknown }).runId ?? "");
      const plan = await step.run("load", () => beginRun(runId));
      if ("cancelled" in plan) return { status: "CANCELLED" };
      const skeleton = plan.skeleton as Skeleton;
      const outcomes: Record<string, Outcome> = { ...(plan.preset as Record<string, Outcome>) };

      async function settle(node: Node): Promise<Outcome> {
        const id = node.id;
        if (decide(skeleton, id, outcomes) === "skip")
          return (await step.run(`node:${id}`, () => skipNode(runId, id))) as Outcome;
        const inputFrom = inputSource(skeleton, id, outcomes);
        const wait = durable[node.block];
        if (wait) return wait({ step, runId, node, inputFrom, client });
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
      const result = await step.run("finish", () => finishRun(runId, skeleton, outcomes));
      if (result.notify) await step.run("notify", () => notifyRunFinished(runId));
      if (result.parentRunId)
        await step.sendEvent("notify-parent", {
          name: RUN_FINISHED,
          data: { runId, status: result.status },
        });
      return result;
    },
  );
}
