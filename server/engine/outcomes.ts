import type { StepOutcome } from "./node-step";
import type { Outcome } from "@/lib/flow/semantics";

/** A step's outcome as the DAG semantics read it (a failed node's retry flag no longer matters). */
export const toOutcome = (outcome: StepOutcome): Outcome =>
  outcome.status === "failed" ? { status: "failed" } : (outcome as Outcome);

/** Whether a durable block's first step already ended the node (instead of planning a wait). */
export const ended = (value: object): value is StepOutcome => "status" in value;
