import { z } from "zod";

const id = z.string().min(1).max(64);

export const RUN_STATUSES = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
] as const;
export const RUN_TRIGGERS = ["MANUAL", "SCHEDULE", "WEBHOOK", "API", "SUBFLOW"] as const;

export const startRunInput = z.object({
  flowId: id,
  /** A saved version number; the latest when left out. */
  version: z.number().int().min(1).optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

export const runIdInput = z.object({ runId: id });

export const runNodeInput = z.object({
  flowId: id,
  nodeId: z.string().min(1).max(64),
  /** The earlier run whose outputs stand in for the node's upstream. */
  fromRunId: id,
});

export const listRunsInput = z.object({
  flowId: id.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  trigger: z.enum(RUN_TRIGGERS).optional(),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const decideApprovalInput = z.object({
  runId: id,
  nodeId: z.string().min(1).max(64),
  approved: z.boolean(),
  comment: z.string().max(1000, "Comment is too long").default(""),
});
