// Every procedure, table-driven: a member of team A reaches nothing of team B. A procedure added to
// the router must join one of the tables below, or the completeness test fails.
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db/client";
import { addMember, callerFor, createTeamWithOwner } from "../factories";

type Caller = ReturnType<typeof callerFor>;
interface TeamB {
  teamId: string;
  membershipId: string;
  invitationId: string;
}

/** Procedures on the current team's data: called in team B by an outsider, they must say NOT_FOUND. */
const teamScoped: Record<string, (caller: Caller, b: TeamB) => Promise<unknown>> = {
  "team.current": (c) => c.team.current(),
  "team.rename": (c) => c.team.rename({ name: "Taken over" }),
  "team.members": (c) => c.team.members(),
  "team.changeRole": (c, b) => c.team.changeRole({ membershipId: b.membershipId, role: "OWNER" }),
  "team.removeMember": (c, b) => c.team.removeMember({ membershipId: b.membershipId }),
  "team.leave": (c) => c.team.leave(),
  "invitation.create": (c) => c.invitation.create({ role: "OWNER", expiresInDays: 1 }),
  "invitation.list": (c) => c.invitation.list(),
  "invitation.revoke": (c, b) => c.invitation.revoke({ invitationId: b.invitationId }),
};

/** Procedures that take a team B id or resource id while acting in the caller's own team A. */
const crossTeamIds: Record<string, (caller: Caller, b: TeamB) => Promise<unknown>> = {
  "team.switch": (c, b) => c.team.switch({ teamId: b.teamId }),
  "team.changeRole": (c, b) => c.team.changeRole({ membershipId: b.membershipId, role: "VIEWER" }),
  "team.removeMember": (c, b) => c.team.removeMember({ membershipId: b.membershipId }),
  "invitation.revoke": (c, b) => c.invitation.revoke({ invitationId: b.invitationId }),
};

/** Procedures with no team scope, and why. */
const unscoped: Record<string, string> = {
  "auth.signUp": "public: creates a new user",
  "team.list": "lists the caller's own memberships only",
  "team.create": "creates a new team owned by the caller",
  "invitation.preview": "the secret token is the authorization",
  "invitation.accept": "the secret token is the authorization",
};

describe("authorization across teams", () => {
  let outsiderInA: Caller;
  let outsiderId: string;
  let b: TeamB;

  beforeAll(async () => {
    const a = await createTeamWithOwner("Team A");
    outsiderId = a.owner.id;
    outsiderInA = a.caller;
    const teamB = await createTeamWithOwner("Team B");
    const { user } = await addMember(teamB.caller, teamB.team.id, "EDITOR");
    const membership = await db().membership.findFirstOrThrow({
      where: { teamId: teamB.team.id, userId: user.id },
    });
    const invitation = await teamB.caller.invitation.create({ role: "VIEWER", expiresInDays: 1 });
    b = { teamId: teamB.team.id, membershipId: membership.id, invitationId: invitation.id };
  });

  it("covers every procedure of the router", () => {
    const all = Object.keys(appRouter._def.procedures).sort();
    const covered = new Set([
      ...Object.keys(teamScoped),
      ...Object.keys(crossTeamIds),
      ...Object.keys(unscoped),
    ]);
    expect(all.filter((path) => !covered.has(path))).toEqual([]);
  });

  it.each(Object.entries(teamScoped))(
    "%s in team B answers NOT_FOUND to a non-member",
    async (_path, call) => {
      await expect(call(callerFor(outsiderId, b.teamId), b)).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Team not found",
      });
    },
  );

  it.each(Object.entries(crossTeamIds))(
    "%s with a team B id answers NOT_FOUND from team A",
    async (_path, call) => {
      await expect(call(outsiderInA, b)).rejects.toMatchObject({ code: "NOT_FOUND" });
    },
  );

  it("left team B exactly as it was", async () => {
    const team = await db().team.findUniqueOrThrow({
      where: { id: b.teamId },
      include: { memberships: true },
    });
    expect(team.name).toBe("Team B");
    expect(team.memberships.map((m) => m.role).sort()).toEqual(["EDITOR", "OWNER"]);
    const invitation = await db().invitation.findUniqueOrThrow({ where: { id: b.invitationId } });
    expect(invitation.revokedAt).toBeNull();
  });
});
