import { z } from "zod";

const id = z.string().min(1).max(64);

import { RUN_STATUSES } from "../runs/status";

export { RUN_STATUSES };
export const RUN_TRIGGERS = ["MANUAL", "SCHEDULE", "WEBHOOK", "API", "SUBFLOW", "TEST"] as const;

export const startRunInput = z.object({
  flowId: id,
  /** A saved version number; the latest when left out. */
  version: z.number().int().min(1).optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

export const runIdInput = z.object({ runId: id });
export const runNodeIdInput = runIdInput.extend({ nodeId: z.string().min(1).max(64) });

export const runNodeInput = z.object({
  flowId: id,
  nodeId: z.string().min(1).max(64),
  /** The earlier run whose outputs stand in for the node's upstream (default: the flow's latest). */
  fromRunId: id.optional(),
  /** Run the node and everything downstream of it ("run from here"), not the node alone. */
  downstream: z.boolean().default(false),
});

export const testRunInput = z.object({
  flowId: id,
  /** The editor's draft, unsaved; validated by the service so errors point into it. */
  document: z.unknown(),
  /** The draft's parameters; a node test takes the earlier run's when left out. */
  parameters: z.record(z.string(), z.unknown()).optional(),
  /** Test only this node (and, with `downstream`, everything after it). */
  nodeId: z.string().min(1).max(64).optional(),
  downstream: z.boolean().default(false),
  /** Where a node test takes unpinned upstream outputs from (default: the flow's latest run). */
  fromRunId: id.optional(),
});

const time = (field: string) =>
  z.coerce.date({ error: `${field} must be a date and time` }).optional();

export const listRunsInput = z
  .object({
    flowId: id.optional(),
    status: z.enum(RUN_STATUSES).optional(),
    trigger: z.enum(RUN_TRIGGERS).optional(),
    /** Runs created at or after this time. */
    since: time("since"),
    /** Runs created before this time. */
    until: time("until"),
    cursor: id.optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((input) => !input.since || !input.until || input.since < input.until, {
    message: "since must be before until",
    path: ["since"],
  });

export const decideApprovalInput = z.object({
  runId: id,
  nodeId: z.string().min(1).max(64),
  approved: z.boolean(),
  comment: z.string().max(1000, "Comment is too long").default(""),
});

export const STATS_PERIODS = [7, 30, 90] as const;

export const runStatsInput = z.object({
  /** One flow's dashboard; the team's when left out. */
  flowId: id.optional(),
  days: z
    .number()
    .int()
    .refine((days) => (STATS_PERIODS as readonly number[]).includes(days), {
      message: `days must be one of ${STATS_PERIODS.join(", ")}`,
    })
    .default(30),
});

export type StartRunInput = z.output<typeof startRunInput>;
export type TestRunInput = z.output<typeof testRunInput>;
export type RunNodeInput = z.output<typeof runNodeInput>;
export type ListRunsInput = z.output<typeof listRunsInput>;
