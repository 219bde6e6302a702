import { z } from "zod";
import { flowIdSchema } from "./flow";

export const createWebhookInput = z.object({
  flowId: flowIdSchema,
  name: z.string().trim().min(1, "Enter a name").max(100, "Name is too long"),
  /** Request headers to pass to the run. */
  headers: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9-]{1,64}$/, "must be a header name like x-github-event"),
    )
    .max(20, "At most 20 headers")
    .default([]),
  /** Require an HMAC-SHA256 signature of the body (X-Weft-Signature: sha256=<hex>). */
  signed: z.boolean().default(false),
});

export const webhookIdInput = z.object({ webhookId: z.string().min(1).max(64) });
