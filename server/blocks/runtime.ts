import type { Inngest } from "inngest";
import type { Outcome } from "@/lib/flow/semantics";
import type { BlockRunner } from "./types";

/** Inngest's `step` tools, as a flow-run function receives them. */
export type Step = Parameters<Parameters<Inngest["createFunction"]>[1]>[0]["step"];

/** What a durable block's orchestration gets: Inngest's step tools and its place in the run. */
export interface DurableContext {
  step: Step;
  runId: string;
  node: { id: string; block: string };
  /** The parent whose output is the node's input, or null for a root node. */
  inputFrom: string | null;
  client: Inngest;
}

/**
 * How a block executes. A step block runs inside one Inngest step (`node:<id>`, retried by the
 * engine per the node's retries). A durable block orchestrates its own steps, sleeps and waits —
 * each starts in step `node:<id>` and ends in `node:<id>:done` — and is the only code besides the
 * flow-run function that touches `step`.
 */
export type BlockRuntime =
  | { kind: "step"; run: BlockRunner }
  | { kind: "durable"; orchestrate(ctx: DurableContext): Promise<Outcome> };

export const stepBlock = (run: BlockRunner): BlockRuntime => ({ kind: "step", run });
