import { z } from "zod";

export const AUDIT_SOURCES = ["UI", "API_KEY", "WEBHOOK", "SCHEDULE"] as const;

/** The kinds of thing an entry is about: the first part of its action (`flow.save` → flow). */
export const AUDIT_AREAS = [
  "flow",
  "run",
  "secret",
  "team",
  "invitation",
  "apiKey",
  "schedule",
  "webhook",
  "notification",
] as const;

const time = (field: string) =>
  z.coerce.date({ error: `${field} must be a date and time` }).optional();

export const listAuditInput = z
  .object({
    actorId: z.string().min(1).max(64).optional(),
    area: z.enum(AUDIT_AREAS).optional(),
    flowId: z.string().min(1).max(64).optional(),
    since: time("since"),
    until: time("until"),
    cursor: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .refine((input) => !input.since || !input.until || input.since < input.until, {
    message: "since must be before until",
    path: ["since"],
  });

export type ListAuditInput = z.output<typeof listAuditInput>;
