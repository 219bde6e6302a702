import "server-only";
import type { Transaction } from "../db/client";

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
}

/** Creates a user with their personal team, which they own. Call inside a transaction. */
export async function createUserWithTeam(tx: Transaction, user: NewUser) {
  const created = await tx.user.create({
    data: user,
    select: { id: true, email: true, name: true },
  });
  await tx.team.create({
    data: {
      name: `${user.name}'s team`,
      personal: true,
      memberships: { create: { userId: created.id, role: "OWNER" } },
    },
  });
  return created;
}
