import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors";

/**
 * The caller's membership of `teamId`, or of their personal team when no team is chosen.
 * Not being a member reads as "not found": team ids of others are not confirmed to exist.
 */
export async function findMembership(userId: string, teamId: string | null) {
  const membership = teamId
    ? await db().membership.findUnique({
        where: { teamId_userId: { teamId, userId } },
        include: { team: true },
      })
    : await db().membership.findFirst({
        where: { userId },
        orderBy: [{ team: { personal: "desc" } }, { createdAt: "asc" }],
        include: { team: true },
      });
  if (!membership) throw notFound("Team");
  return membership;
}
