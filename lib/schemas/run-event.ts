// The run protocol: what the engine appends to a run's event stream and the run page patches its
// view with. One shape for the server that writes it and the client that reads it.
import { z } from "zod";
import { NODE_STATUSES, RUN_STATUSES } from "../runs/status";

export const logLineSchema = z.object({
  level: z.enum(["debug", "info", "warn", "error"]),
  message: z.string(),
  time: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

const time = z.string().datetime();

/** A run's state changed: the header's badge, error and duration. */
export const runChangeSchema = z.object({
  status: z.enum(RUN_STATUSES),
  error: z.string().nullable().optional(),
  startedAt: time.optional(),
  finishedAt: time.optional(),
});

/**
 * A node's state changed: everything its badge, timeline row and log lines show (its input and
 * output are fetched when the node is opened). Blocks may add a note (`message`, a subflow's
 * `children`).
 */
export const nodeChangeSchema = z
  .object({
    status: z.enum(NODE_STATUSES),
    attempts: z.number().int().optional(),
    branch: z.string().nullable().optional(),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    /** Log lines added by this change. */
    logs: z.array(logLineSchema).optional(),
    message: z.string().optional(),
  })
  .passthrough();

export const runEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run"), nodeId: z.null(), data: runChangeSchema }),
  z.object({ type: z.literal("node"), nodeId: z.string(), data: nodeChangeSchema }),
]);

export type RunChange = z.infer<typeof runChangeSchema>;
export type NodeChange = z.infer<typeof nodeChangeSchema>;
export type RunEvent = z.infer<typeof runEventSchema>;
/** An event as the stream delivers it. */
export type RunEventMessage = RunEvent & { at: Date };
