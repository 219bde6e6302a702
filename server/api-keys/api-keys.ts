import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createApiKeyInput } from "@/lib/schemas/api-key";
import { db } from "../db/client";
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

export function listApiKeys(teamId: string) {
  return db().apiKey.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
}

export async function revokeApiKey(teamId: string, keyId: string) {
  const { count } = await db().apiKey.updateMany({
    where: { id: keyId, teamId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("API key");
}

/** The team and acting user of `Authorization: Bearer <key>`, or UNAUTHORIZED. */
export async function authenticateApiKey(authorization: string | null) {
  const key = /^Bearer\s+(weft_[\w-]{43})$/.exec(authorization?.trim() ?? "")?.[1];
  if (!key)
    throw new AppError(
      "UNAUTHORIZED",
      "Send an API key as Authorization: Bearer weft_…",
      "authorization",
    );
  const row = await db().apiKey.findUnique({ where: { hash: sha256(key) } });
  if (!row || row.revokedAt)
    throw new AppError("UNAUTHORIZED", "This API key is not valid or was revoked", "authorization");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS)
    await db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { teamId: row.teamId, keyId: row.id, userId: row.createdById };
}
