import "server-only";
import type { ListAuditInput } from "@/lib/schemas/audit";
import { db } from "../db/client";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import type { AuditSource } from "../db/generated/client";
import { AppError } from "../errors";

/** Input keys an entry keeps: ids, names and settings — never values, documents or outputs. */
const KEPT = [
  "flowId",
  "runId",
  "nodeId",
  "name",
  "role",
  "membershipId",
  "scheduleId",
  "webhookId",
  "apiKeyId",
  "keyId",
  "invitationId",
  "notificationId",
  "number",
  "version",
  "approved",
  "paused",
  "message",
  "templateId",
  "kind",
  "cron",
  "timezone",
  "channel",
  "connectionId",
  "type",
] as const;

/** What an entry says about an action's input: the kept keys, short. */
export function auditDetails(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== "object") return {};
  const details: Record<string, unknown> = {};
  for (const key of KEPT) {
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    details[key] = typeof value === "string" ? value.slice(0, 200) : value;
  }
  return details;
}

export interface AuditRecord {
  teamId: string;
  actorId: string | null;
  source: AuditSource;
  action: string;
  flowId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes one entry; the actor's current name is copied in the same statement. The change it
 * records is made already: a failure to write the entry is logged, never reported as the change's.
 */
export async function recordAudit(entry: AuditRecord) {
  await pool()
    .query(
      prepared(
        `INSERT INTO "AuditEntry" (id, "teamId", "actorId", "actorName", source, action, "flowId", details)
     VALUES (gen_random_uuid()::text, $1, $2,
       COALESCE((SELECT name FROM "User" WHERE id = $2), ''), $3::"AuditSource", $4, $5, $6::jsonb)`,
        [
          entry.teamId,
          entry.actorId,
          entry.source,
          entry.action,
          entry.flowId ?? null,
          JSON.stringify(entry.details ?? {}),
        ],
      ),
    )
    .catch((error: unknown) => console.error("Audit entry not written:", error));
}

/** A page of the team's audit log, newest first, filtered; `nextCursor` continues it. */
export async function listAudit(teamId: string, input: ListAuditInput) {
  if (
    input.cursor &&
    !(await db().auditEntry.findFirst({
      where: { id: input.cursor, teamId },
      select: { id: true },
    }))
  )
    throw new AppError("BAD_REQUEST", "cursor: not a position in this list", "cursor");
  const rows = await db().auditEntry.findMany({
    where: {
      teamId,
      ...(input.actorId ? { actorId: input.actorId } : {}),
      ...(input.area ? { action: { startsWith: `${input.area}.` } } : {}),
      ...(input.flowId ? { flowId: input.flowId } : {}),
      ...(input.since || input.until ? { createdAt: { gte: input.since, lt: input.until } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      createdAt: true,
      actorId: true,
      actorName: true,
      source: true,
      action: true,
      flowId: true,
      details: true,
    },
  });
  const more = rows.length > input.limit;
  return {
    entries: rows.slice(0, input.limit),
    nextCursor: more ? rows[input.limit - 1]!.id : null,
  };
}
