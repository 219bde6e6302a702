import { db } from "@/server/db/client";

/** Row counts of the tables a failed request must leave untouched. */
export async function counts() {
  const prisma = db();
  const [users, teams, memberships, invitations] = await Promise.all([
    prisma.user.count(),
    prisma.team.count(),
    prisma.membership.count(),
    prisma.invitation.count(),
  ]);
  return { users, teams, memberships, invitations };
}
