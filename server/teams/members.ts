import "server-only";
import type { RoleName } from "@/lib/schemas/team";
import { db, type Transaction } from "../db/client";
import { AppError, notFound } from "../errors";

export async function listMembers(teamId: string) {
  const members = await db().membership.findMany({
    where: { teamId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return members.map(({ id, role, createdAt, user }) => ({ id, role, joinedAt: createdAt, user }));
}

/** Runs `change` on a member of `teamId` with the team row locked, then insists on an owner left. */
async function changeMembership(
  teamId: string,
  membershipId: string,
  change: (tx: Transaction, membership: { id: string; userId: string }) => Promise<unknown>,
) {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
    const membership = await tx.membership.findFirst({ where: { id: membershipId, teamId } });
    if (!membership) throw notFound("Member");
    await change(tx, membership);
    if ((await tx.membership.count({ where: { teamId, role: "OWNER" } })) === 0) {
      throw new AppError(
        "CONFLICT",
        "A team needs at least one owner: make someone else owner first",
      );
    }
  });
}

export async function changeMemberRole(teamId: string, membershipId: string, role: RoleName) {
  await changeMembership(teamId, membershipId, (tx, { id }) =>
    tx.membership.update({ where: { id }, data: { role } }),
  );
}

/** Removes a member and revokes the API keys they made for this team. */
export async function removeMember(teamId: string, membershipId: string) {
  await changeMembership(teamId, membershipId, async (tx, { id, userId }) => {
    await tx.membership.delete({ where: { id } });
    await tx.apiKey.updateMany({
      where: { teamId, createdById: userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  });
}

export async function leaveTeam(teamId: string, userId: string) {
  const membership = await db().membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    include: { team: { select: { personal: true } } },
  });
  if (!membership) throw notFound("Team");
  if (membership.team.personal && membership.role === "OWNER") {
    throw new AppError("CONFLICT", "You cannot leave your personal team");
  }
  await removeMember(teamId, membership.id);
}
