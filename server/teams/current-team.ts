import "server-only";
import { cookies } from "next/headers";
import { findMembership, TEAM_COOKIE } from "./find-membership";

/** For server components: the signed-in user's current team and role. */
export async function currentMembership(userId: string) {
  const preferred = (await cookies()).get(TEAM_COOKIE)?.value ?? null;
  const { team, role } = await findMembership(userId, null, preferred);
  return { team: { id: team.id, name: team.name, personal: team.personal }, role };
}
