import { TEAM_COOKIE } from "../teams/find-membership";

/** Set-Cookie value that makes `teamId` the caller's current team (null clears it). */
export const teamCookie = (teamId: string | null) =>
  `${TEAM_COOKIE}=${teamId ?? ""}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${teamId ? 31536000 : 0}`;
