import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { addMember, callerFor, createTeamWithOwner, createUser } from "../factories";
import { counts } from "../support/db";

describe("teams", () => {
  it("lists the personal team first, then created teams, with the caller's role", async () => {
    const user = await createUser({ name: "Grace" });
    await callerFor(user.id).team.create({ name: "Compilers" });
    const teams = await callerFor(user.id).team.list();
    expect(teams.map(({ name, role, personal }) => ({ name, role, personal }))).toEqual([
      { name: "Grace's team", role: "OWNER", personal: true },
      { name: "Compilers", role: "OWNER", personal: false },
    ]);
  });

  it("switching sets an httpOnly team cookie that later requests follow while they are members", async () => {
    const { owner, team } = await createTeamWithOwner("Switchboard");
    const stranger = await createTeamWithOwner("Elsewhere");
    const resHeaders = new Headers();
    const context = { userId: owner.id, teamId: null, ip: "127.0.0.1", resHeaders };
    await createCaller({ ...context, preferredTeamId: null }).team.switch({ teamId: team.id });
    expect(resHeaders.get("set-cookie")).toMatch(
      new RegExp(`^weft-team=${team.id}; Path=/; HttpOnly`),
    );

    const following = createCaller({ ...context, preferredTeamId: team.id });
    expect((await following.team.current()).name).toBe("Switchboard");
    const stale = createCaller({ ...context, preferredTeamId: stranger.team.id });
    expect((await stale.team.current()).personal).toBe(true);
  });

  it("refuses a blank or overlong team name and writes nothing", async () => {
    const user = await createUser();
    const before = await counts();
    await expect(callerFor(user.id).team.create({ name: "  " })).rejects.toThrow(
      "name: Enter a team name",
    );
    await expect(callerFor(user.id).team.create({ name: "x".repeat(61) })).rejects.toThrow(
      /at most 60/,
    );
    expect(await counts()).toEqual(before);
  });

  it("lets an owner change roles and remove members", async () => {
    const { caller, team } = await createTeamWithOwner();
    const { user } = await addMember(caller, team.id, "VIEWER");
    const member = (await caller.team.members()).find((m) => m.user.id === user.id)!;
    await caller.team.changeRole({ membershipId: member.id, role: "EDITOR" });
    expect((await caller.team.members()).find((m) => m.id === member.id)?.role).toBe("EDITOR");
    await caller.team.removeMember({ membershipId: member.id });
    expect((await caller.team.members()).map((m) => m.user.id)).not.toContain(user.id);
  });

  it("never leaves a team without an owner", async () => {
    const { owner, caller } = await createTeamWithOwner();
    const self = (await caller.team.members()).find((m) => m.user.id === owner.id)!;
    const message = "A team needs at least one owner: make someone else owner first";
    await expect(caller.team.changeRole({ membershipId: self.id, role: "EDITOR" })).rejects.toThrow(
      message,
    );
    await expect(caller.team.removeMember({ membershipId: self.id })).rejects.toThrow(message);
    await expect(caller.team.leave()).rejects.toThrow(message);
    expect((await caller.team.members())[0]?.role).toBe("OWNER");
  });

  it("lets a member leave, after which the team is gone from their list", async () => {
    const { caller, team } = await createTeamWithOwner();
    const { user, caller: memberCaller } = await addMember(caller, team.id, "EDITOR");
    await memberCaller.team.leave();
    expect((await callerFor(user.id).team.list()).map((t) => t.id)).not.toContain(team.id);
  });

  it("refuses to let an owner leave their personal team", async () => {
    const user = await createUser();
    await expect(callerFor(user.id).team.leave()).rejects.toThrow(
      "You cannot leave your personal team",
    );
  });

  it.each([
    [
      "VIEWER",
      "team.rename",
      (c: ReturnType<typeof callerFor>) => c.team.rename({ name: "Mine now" }),
    ],
    [
      "EDITOR",
      "invitation.create",
      (c: ReturnType<typeof callerFor>) => c.invitation.create({ role: "OWNER", expiresInDays: 1 }),
    ],
    ["EDITOR", "team.members (allowed)", (c: ReturnType<typeof callerFor>) => c.team.members()],
  ] as const)("a %s calling %s gets what their role allows", async (role, name, call) => {
    const { caller, team } = await createTeamWithOwner();
    const { caller: member } = await addMember(caller, team.id, role);
    if (name.endsWith("(allowed)")) {
      await expect(call(member)).resolves.toBeDefined();
    } else {
      await expect(call(member)).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: "This needs the owner role",
      });
    }
  });

  it("asks a caller without a session to sign in", async () => {
    await expect(callerFor(null).team.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
