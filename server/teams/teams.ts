import "server-only";
import { teamNameSchema } from "@/lib/schemas/team";
import { db } from "../db/client";

/** Creates a team owned by `userId`. */
export async function createTeam(userId: string, rawName: unknown) {
  const name = teamNameSchema.parse(rawName);
  return db().team.create({
    data: { name, memberships: { create: { userId, role: "OWNER" } } },
    select: { id: true, name: true },
  });
}

/** Every team the user belongs to, personal team first, with their role in it. */
export async function listTeams(userId: string) {
  const memberships = await db().membership.findMany({
    where: { userId },
    include: { team: true },
    orderBy: [{ team: { personal: "desc" } }, { createdAt: "asc" }],
  });
  return memberships.map(({ team, role }) => ({
    id: team.id,
    name: team.name,
    personal: team.personal,
    role,
  }));
}

export async function renameTeam(teamId: string, rawName: unknown) {
  const name = teamNameSchema.parse(rawName);
  return db().team.update({
    where: { id: teamId },
    data: { name },
    select: { id: true, name: true },
  });
}
