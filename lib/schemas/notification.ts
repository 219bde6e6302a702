import { z } from "zod";
import { flowIdSchema } from "./flow";

const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be the name of a secret");

export const createNotificationInput = z.object({
  flowId: flowIdSchema,
  onSuccess: z.boolean().default(false),
  target: z.discriminatedUnion("channel", [
    z.object({ channel: z.literal("WEBHOOK"), url: z.url("must be an http(s) URL") }),
    z.object({ channel: z.literal("SLACK"), webhookSecret: secretName }),
    z.object({
      channel: z.literal("EMAIL"),
      smtpSecret: secretName,
      from: z.email("must be an email address"),
      to: z.email("must be an email address"),
    }),
  ]),
});

export const notificationIdInput = z.object({ notificationId: z.string().min(1).max(64) });
