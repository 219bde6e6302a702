import { z } from "zod";

/** A saved document may take at most this many bytes of JSON. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** A flow's id as inputs take it. */
export const flowIdSchema = z.string().min(1).max(64);
export const flowIdInput = z.object({ flowId: flowIdSchema });

export const flowNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a flow name")
  .max(100, "Name is too long");

export const flowDetailsInput = z.object({
  flowId: flowIdSchema,
  name: flowNameSchema.optional(),
  description: z.string().max(2000, "Description is too long").optional(),
  tags: z
    .array(z.string().trim().min(1).max(30, "A tag has at most 30 characters"))
    .max(20, "At most 20 tags")
    .optional(),
});

export const saveFlowInput = z.object({
  flowId: flowIdSchema,
  /** Validated by the service, so errors point into the document. */
  document: z.unknown(),
  /** The version the editor started from; a newer saved version is a conflict unless `force`. */
  baseVersion: z.number().int().min(0),
  message: z.string().max(500, "Message is too long").default(""),
  force: z.boolean().default(false),
  /** Saves even though the version breaks schedules or webhooks of the flow (they are named). */
  acceptBreaking: z.boolean().default(false),
});

export type SaveFlowInput = z.output<typeof saveFlowInput>;
export type FlowDetailsInput = z.output<typeof flowDetailsInput>;
