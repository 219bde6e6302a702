import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { clientIp } from "../auth/client-ip";
import { TEAM_COOKIE } from "../teams/find-membership";
import type { Context } from "./trpc";

function readTeamCookie(headers: Headers): string | null {
  const cookie = headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === TEAM_COOKIE);
  return cookie?.[1] ? decodeURIComponent(cookie[1]) : null;
}

/** The tRPC context of one HTTP request. */
export async function createContext(req: Request, resHeaders: Headers): Promise<Context> {
  const session = await getServerSession(authOptions());
  return {
    userId: session?.user?.id ?? null,
    teamId: req.headers.get("x-weft-team"),
    preferredTeamId: readTeamCookie(req.headers),
    ip: clientIp(req.headers),
    resHeaders,
  };
}
