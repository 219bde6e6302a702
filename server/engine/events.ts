// The engine's Inngest events, typed with the SDK's event definitions: a trigger, a wait or a send
// of one of them gets its data's type from the schema, and `create()` builds a checked payload.
import { eventType } from "inngest";
import { z } from "zod";
import { FINAL_RUN_STATUSES } from "@/lib/runs/status";

const runId = z.string().min(1);

/** Asks Inngest to execute a run (event id `run-<runId>`); with the flow's time limit, if any. */
export const runRequested = eventType("weft/run.requested", {
  schema: z.object({
    runId,
    giveUpAt: z.string().optional(),
    giveUpAfterSeconds: z.number().int().optional(),
  }),
});

/** Cancels a run's Inngest execution (flow-run's cancelOn). */
export const runCancelled = eventType("weft/run.cancelled", { schema: z.object({ runId }) });

/** A subflow's child run ended: its next sibling starts. */
export const runFinished = eventType("weft/run.finished", {
  schema: z.object({ runId, status: z.enum(FINAL_RUN_STATUSES) }),
});

/** Someone decided a waiting approval node. */
export const approvalDecided = eventType("weft/approval.decided", {
  schema: z.object({
    runId,
    nodeId: z.string().min(1),
    approved: z.boolean(),
    by: z.string(),
    at: z.string(),
    comment: z.string(),
  }),
});

/** Every child run of a subflow node has ended (event id per parent node). */
export const subflowDone = eventType("weft/subflow.done", {
  schema: z.object({ runId, nodeId: z.string().min(1) }),
});
