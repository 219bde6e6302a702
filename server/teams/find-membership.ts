import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors";

/** The cookie that remembers the team picked in the team switcher. */
export const TEAM_COOKIE = "weft-team";

const withTeam = { include: { team: true } } as const;

/** The user's membership of `teamId`; not being a member reads as "not found". */
async function membershipOf(userId: string, teamId: string) {
  return db().membership.findUnique({ where: { teamId_userId: { teamId, userId } }, ...withTeam });
}

/**
 * The caller's current team: `teamId` when named explicitly (it must be theirs), else the team
 * they last switched to while they still belong to it, else their personal team.
 */
export async function findMembership(
  userId: string,
  teamId: string | null,
  preferred?: string | null,
) {
  if (teamId) {
    const membership = await membershipOf(userId, teamId);
    if (!membership) throw notFound("Team");
    return membership;
  }
  const membership =
    (preferred ? await membershipOf(userId, preferred) : null) ??
    (await db().membership.findFirst({
      where: { userId },
      orderBy: [{ team: { personal: "desc" } }, { createdAt: "asc" }],
      ...withTeam,
    }));
  if (!membership) throw notFound("Team");
  return membership;
}
