import "server-only";
import type { Inngest } from "inngest";
import { runtimeOf } from "../blocks/registry";
import { runCancelled, runFinished, runRequested } from "./events";
import { executeNode, type StepOutcome } from "./execute-node";
import { abandonRun, beginRun, finishRun, skipNode } from "./lifecycle";
import { runNodeChain, runNodeGroup } from "./node-group";
import { notifyRunFinished } from "../notifications/notifications";
import { toOutcome } from "./outcomes";
import {
  decide,
  incoming,
  inputSource,
  retryDelaySeconds,
  stepChains,
  stepGroups,
  topologicalOrder,
  unrelatedCounts,
  type Outcome,
  type Skeleton,
} from "@/lib/flow/semantics";

type Node = Skeleton["nodes"][number];

/** The most nodes one shared step runs; a larger fan-out or a longer chain is split across steps. */
const MAX_GROUP = 25;

/**
 * The flow-run function: one Inngest run per Weft run. Each node is a step `node:<id>` (retries
 * `node:<id>:attempt-<n>` after a durable sleep), or shares one with others (a fan-out's
 * `nodes:<ids>`, a chain's `chain:<first>..<last>`; docs/engine.md); a node's step starts once all
 * its parents have settled, so independent branches run as parallel steps. All state lives in
 * PostgreSQL; steps return only small outcomes, never outputs.
 */
export function createFlowRunFunction(client: Inngest) {
  return client.createFunction(
    {
      id: "flow-run",
      name: "Flow run",
      // Retries of the whole call cover crashes and lost connections; node retries are our own.
      retries: 5,
      checkpointing: { bufferedSteps: 20, maxInterval: "1s" },
      triggers: [{ event: runRequested }],
      cancelOn: [{ event: runCancelled, match: "data.runId" }],
      // When Inngest gives up on the run (retries exhausted), the run ends Failed, never Running.
      onFailure: async ({ event, error, step }) => {
        const { runId } = runRequested.schema.parse(event.data.event.data);
        const ended = await step.run("abandon", () =>
          abandonRun(runId, `Execution stopped after repeated errors: ${error.message}`),
        );
        if (ended.parentRunId)
          await step.sendEvent("notify-parent", runFinished.create({ runId, status: "FAILED" }));
      },
    },
    async ({ event, step, group }) => {
      const { runId } = event.data;
      const plan = await step.run("load", () => beginRun(runId));
      if ("cancelled" in plan) return { status: "CANCELLED" };
      const skeleton = plan.skeleton as Skeleton;
      const outcomes: Record<string, Outcome> = { ...(plan.preset as Record<string, Outcome>) };
      // Inngest (Cloud and `inngest start`) calls the function again only once every step of a
      // parallel plan has ended, unless a step is in race mode: the steps of nodes that can run
      // alongside others are, when their end may start something (a successor, a retry, the next
      // step of a delay or an approval), so that one branch never holds up another. A plain leaf's
      // end starts nothing: it stays in the default mode, where a fan-out of n such nodes costs
      // one call to the function afterwards instead of n.
      const unrelated = unrelatedCounts(skeleton);
      const parents = new Set(skeleton.edges.map((edge) => edge.source));
      // `alongside`: how many of `nodes` run alongside each (all others in a group, none in a chain).
      const races = (nodes: Node[], alongside: number) =>
        nodes.some((node) => unrelated.get(node.id)! > alongside) &&
        nodes.some(
          (node) =>
            parents.has(node.id) || node.retries > 0 || runtimeOf(node.block)?.kind === "durable",
        );
      const inParallel = <T>(
        nodes: Node[],
        work: () => Promise<T>,
        alongside = nodes.length - 1,
      ) => (races(nodes, alongside) ? group.parallel({ mode: "race" }, work) : work());

      async function settle(node: Node): Promise<Outcome> {
        const id = node.id;
        if (decide(skeleton, id, outcomes) === "skip")
          return (await step.run(`node:${id}`, () => skipNode(runId, id))) as Outcome;
        const inputFrom = inputSource(skeleton, id, outcomes);
        // A durable block orchestrates its own steps; every other block is one step per attempt.
        const runtime = runtimeOf(node.block);
        if (runtime?.kind === "durable")
          return runtime.orchestrate({ step, runId, node, inputFrom, client });
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

      // Nodes that become ready together and whose successors wait for all of them share a step
      // (a fan-out of plain nodes, short delays): one step and one call instead of one each,
      // and no successor starts later than with a step each.
      async function settleGroup(nodes: Node[]): Promise<void> {
        const open = nodes.filter((node) => !outcomes[node.id]);
        if (open.length < 2) {
          for (const node of open) outcomes[node.id] = await inParallel([node], () => settle(node));
          return;
        }
        const members = open.map((node) => ({
          id: node.id,
          skip: decide(skeleton, node.id, outcomes) === "skip",
          inputFrom: inputSource(skeleton, node.id, outcomes),
          delay: node.block === "flow.delay",
        }));
        const ids = open.map((node) => node.id);
        Object.assign(
          outcomes,
          await inParallel(open, () =>
            step.run(`nodes:${ids.join(",")}`, () => runNodeGroup(runId, members)),
          ),
        );
      }

      // A chain of plain nodes, each the only successor of the one before, shares a step too:
      // they run one after another in it, each outcome committed before the next starts.
      async function settleChain(nodes: Node[]): Promise<void> {
        const open = nodes.filter((node) => !outcomes[node.id]);
        if (open.length < 2) {
          for (const node of open) outcomes[node.id] = await inParallel([node], () => settle(node));
          return;
        }
        const chain = open.map((node) => node.id);
        const plan = (id: string, before: Record<string, Outcome>) => {
          const known = { ...outcomes, ...before };
          return {
            skip: decide(skeleton, id, known) === "skip",
            inputFrom: inputSource(skeleton, id, known),
          };
        };
        const name = `chain:${open[0]!.id}..${open.at(-1)!.id}`;
        Object.assign(
          outcomes,
          await inParallel(open, () => step.run(name, () => runNodeChain(runId, chain, plan)), 0),
        );
      }

      const byId = new Map(skeleton.nodes.map((node) => [node.id, node]));
      const unitOf = new Map<string, { nodes: Node[]; chain: boolean }>();
      const shareable = (node: Node) =>
        node.retries === 0 && (runtimeOf(node.block)?.kind === "step" || node.shortDelay === true);
      for (const ids of stepGroups(skeleton, shareable, MAX_GROUP)) {
        const unit = { nodes: ids.map((id) => byId.get(id)!), chain: false };
        for (const id of ids) unitOf.set(id, unit);
      }
      // Only nodes of one step each: a chain step's length is the sum of its nodes' times.
      const chainable = (node: Node) =>
        node.retries === 0 && runtimeOf(node.block)?.kind === "step";
      for (const ids of stepChains(skeleton, chainable, MAX_GROUP, new Set(unitOf.keys()))) {
        const unit = { nodes: ids.map((id) => byId.get(id)!), chain: true };
        for (const id of ids) unitOf.set(id, unit);
      }
      const settled = new Map<string, Promise<void>>();
      for (const id of topologicalOrder(skeleton)) {
        const shared = unitOf.get(id);
        if (shared && shared.nodes[0]!.id !== id) {
          settled.set(id, settled.get(shared.nodes[0]!.id)!);
          continue;
        }
        const waits = incoming(skeleton, id).map((edge) => settled.get(edge.source)!);
        settled.set(
          id,
          Promise.all(waits).then(async () => {
            if (shared) return shared.chain ? settleChain(shared.nodes) : settleGroup(shared.nodes);
            const node = byId.get(id)!;
            outcomes[id] ??= await inParallel([node], () => settle(node));
          }),
        );
      }
      await Promise.all(settled.values());
      const result = await step.run("finish", () => finishRun(runId, skeleton, outcomes));
      if (result.notify) await step.run("notify", () => notifyRunFinished(runId));
      if (result.parentRunId)
        await step.sendEvent("notify-parent", runFinished.create({ runId, status: result.status }));
      return result;
    },
  );
}
