import { z } from "zod";
import { flowIdSchema } from "./flow";

/** A pinned output may take at most this many bytes of JSON. */
export const MAX_PIN_BYTES = 1024 * 1024;

const nodeId = z.string().min(1).max(64);

export const pinInput = z
  .object({
    flowId: flowIdSchema,
    nodeId,
    /** The output to pin, typed or pasted; or… */
    output: z.unknown().optional(),
    /** …the node's output in this run of the flow. */
    fromRunId: z.string().min(1).max(64).optional(),
  })
  .refine((input) => (input.output === undefined) !== (input.fromRunId === undefined), {
    message: "Give either the output to pin or the run to take it from",
    path: ["output"],
  });

export const unpinInput = z.object({ flowId: flowIdSchema, nodeId });

export type PinInput = z.output<typeof pinInput>;
