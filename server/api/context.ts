import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { clientIp } from "../auth/client-ip";
import { TEAM_COOKIE } from "./routers/team";
import type { Context } from "./trpc";

function chosenTeam(headers: Headers): string | null {
  const header = headers.get("x-weft-team");
  if (header) return header;
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
    teamId: chosenTeam(req.headers),
    ip: clientIp(req.headers),
    resHeaders,
  };
}
