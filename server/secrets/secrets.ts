import "server-only";
import { secretNameSchema, setSecretInput } from "@/lib/schemas/secret";
import { db } from "../db/client";
import { notFound } from "../errors";
import { seal, unseal } from "./crypto";

/** Creates or replaces a secret. Its value is encrypted before it reaches the database. */
export async function setSecret(teamId: string, userId: string, raw: unknown) {
  const { name, value } = setSecretInput.parse(raw);
  const sealed = seal(value);
  return db().secret.upsert({
    where: { teamId_name: { teamId, name } },
    create: { teamId, name, sealed, updatedById: userId },
    update: { sealed, updatedById: userId },
    select: { name: true, updatedAt: true },
  });
}

/** Names and times only: no API ever returns a secret's value. */
export async function listSecrets(teamId: string) {
  return db().secret.findMany({
    where: { teamId },
    orderBy: { name: "asc" },
    select: { name: true, updatedAt: true, createdAt: true },
  });
}

export async function deleteSecret(teamId: string, rawName: unknown) {
  const name = secretNameSchema.parse(rawName);
  const { count } = await db().secret.deleteMany({ where: { teamId, name } });
  if (count === 0) throw notFound("Secret");
}

/** For a running step only: the team's secrets by name, decrypted. */
export async function readSecrets(
  teamId: string,
  names: string[],
): Promise<Record<string, string>> {
  const rows = await db().secret.findMany({
    where: { teamId, name: { in: names } },
    select: { name: true, sealed: true },
  });
  return Object.fromEntries(rows.map((row) => [row.name, unseal(row.sealed)]));
}
