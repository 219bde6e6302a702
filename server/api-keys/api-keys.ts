import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createApiKeyInput } from "@/lib/schemas/api-key";
import { db } from "../db/client";
import type { Role } from "../db/generated/client";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import { countInWindow } from "../auth/rate-limit";
import { AppError, notFound } from "../errors";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** A key's last-used time is written at most this often, not on every request. */
const TOUCH_AFTER_MS = 60_000;

/** Creates a team API key. The key is returned this once; only its SHA-256 is stored. */
export async function createApiKey(teamId: string, userId: string, raw: unknown) {
  const { name } = createApiKeyInput.parse(raw);
  const key = `weft_${randomBytes(32).toString("base64url")}`;
  const row = await db().apiKey.create({
    data: { teamId, name, prefix: key.slice(0, 12), hash: sha256(key), createdById: userId },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}

/** The team's keys, each with the member it acts for (null when that user is gone). */
export async function listApiKeys(teamId: string) {
  const keys = await db().apiKey.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdById: true,
    },
  });
  const ids = [...new Set(keys.map((key) => key.createdById).filter((id) => id !== null))];
  const owners = await db().user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(owners.map((owner) => [owner.id, owner]));
  return keys.map(({ createdById, ...key }) => ({
    ...key,
    owner: createdById ? (byId.get(createdById) ?? null) : null,
  }));
}

export async function revokeApiKey(teamId: string, keyId: string) {
  const { count } = await db().apiKey.updateMany({
    where: { id: keyId, teamId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("API key");
}

/** What one API key may ask in a minute. */
export const API_KEY_LIMIT = { max: 600, windowSeconds: 60 };

/**
 * The team, acting user and that user's current role for `Authorization: Bearer <key>`, or
 * UNAUTHORIZED. A key acts with the rights of the member who made it, as they are now: a key of a
 * member who left the team is refused. Each request of a valid key counts against its limit
 * (`API_KEY_LIMIT`), in the same statement; past it, TOO_MANY_REQUESTS.
 */
export async function authenticateApiKey(authorization: string | null) {
  const key = /^Bearer\s+(weft_[\w-]{43})$/.exec(authorization?.trim() ?? "")?.[1];
  if (!key)
    throw new AppError(
      "UNAUTHORIZED",
      "Send an API key as Authorization: Bearer weft_…",
      "authorization",
    );
  // One round trip on every API request: the key, its creator's membership of its team now, and
  // the request counted in the key's window.
  const { rows } = await pool().query<{
    id: string;
    teamId: string;
    createdById: string | null;
    revokedAt: Date | null;
    lastUsedAt: Date | null;
    role: Role | null;
    hits: number | null;
  }>(
    prepared(
      `WITH found AS (
         SELECT k.id, k."teamId", k."createdById", k."revokedAt", k."lastUsedAt", m.role::text AS role
         FROM "ApiKey" k
         LEFT JOIN "Membership" m ON m."teamId" = k."teamId" AND m."userId" = k."createdById"
         WHERE k.hash = $1
       ), counted AS (
         INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
         SELECT 'api-key:' || id, now(), 1 FROM found WHERE "revokedAt" IS NULL AND role IS NOT NULL
         ${countInWindow("$2")}
       )
       SELECT found.*, (SELECT "count" FROM counted) AS hits FROM found`,
      [sha256(key), API_KEY_LIMIT.windowSeconds],
    ),
  );
  const row = rows[0];
  if (!row || row.revokedAt)
    throw new AppError("UNAUTHORIZED", "This API key is not valid or was revoked", "authorization");
  const membership = row.role ? { role: row.role } : null;
  if (!membership)
    throw new AppError(
      "UNAUTHORIZED",
      "This API key's creator is no longer a member of the team",
      "authorization",
    );
  if ((row.hits ?? 0) > API_KEY_LIMIT.max)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many requests for this API key: at most ${API_KEY_LIMIT.max} a minute`,
    );
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS)
    await db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { teamId: row.teamId, keyId: row.id, userId: row.createdById, role: membership.role };
}
