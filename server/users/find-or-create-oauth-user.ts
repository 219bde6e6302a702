import "server-only";
import { db } from "../db/client";
import { createUserWithTeam } from "./create-user";

/**
 * The Weft user behind an OAuth/OIDC sign-in, matched by the provider's verified email; a first
 * sign-in creates the user and their personal team.
 */
export async function findOrCreateOAuthUser(profile: { email: string; name?: string | null }) {
  const email = profile.email.trim().toLowerCase();
  const existing = await db().user.findUnique({ where: { email } });
  if (existing) return existing;
  const name = profile.name?.trim() || email.split("@")[0] || email;
  return db().$transaction((tx) => createUserWithTeam(tx, { email, name, passwordHash: null }));
}
