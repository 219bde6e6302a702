import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createTeamWithOwner, createUser } from "../factories";
import { counts } from "../support/db";

describe("invitations", () => {
  it("a link joins the team with its role, once, and stores only a hash of the token", async () => {
    const { caller, team } = await createTeamWithOwner("Guild");
    const invitation = await caller.invitation.create({ role: "VIEWER", expiresInDays: 3 });
    expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).not.toContain(invitation.token);

    const guest = await createUser();
    expect(await callerFor(guest.id).invitation.preview({ token: invitation.token })).toMatchObject(
      {
        teamName: "Guild",
        role: "VIEWER",
        problem: null,
      },
    );
    const joined = await callerFor(guest.id).invitation.accept({ token: invitation.token });
    expect(joined.id).toBe(team.id);
    const member = await callerFor(guest.id, team.id).team.current();
    expect(member.role).toBe("VIEWER");

    const late = await createUser();
    const before = await counts();
    await expect(
      callerFor(late.id).invitation.accept({ token: invitation.token }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This invitation has already been used",
    });
    expect(await counts()).toEqual(before);
  });

  it("refuses an expired invitation and writes nothing", async () => {
    const { caller } = await createTeamWithOwner();
    const { id, token } = await caller.invitation.create({ role: "EDITOR", expiresInDays: 1 });
    await db().invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const guest = await createUser();
    expect((await callerFor(guest.id).invitation.preview({ token })).problem).toBe(
      "This invitation has expired",
    );
    const before = await counts();
    await expect(callerFor(guest.id).invitation.accept({ token })).rejects.toThrow(
      "This invitation has expired",
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses a revoked invitation and drops it from the open list", async () => {
    const { caller } = await createTeamWithOwner();
    const { id, token } = await caller.invitation.create({ role: "EDITOR", expiresInDays: 1 });
    expect((await caller.invitation.list()).map((i) => i.id)).toEqual([id]);
    await caller.invitation.revoke({ invitationId: id });
    expect(await caller.invitation.list()).toEqual([]);
    const guest = await createUser();
    await expect(callerFor(guest.id).invitation.accept({ token })).rejects.toThrow(
      "This invitation was revoked",
    );
  });

  it("refuses a member who accepts an invitation to their own team, keeping the link usable", async () => {
    const { owner, caller } = await createTeamWithOwner();
    const { token } = await caller.invitation.create({ role: "EDITOR", expiresInDays: 1 });
    await expect(callerFor(owner.id).invitation.accept({ token })).rejects.toThrow(
      "You are already a member of this team",
    );
    const guest = await createUser();
    await expect(callerFor(guest.id).invitation.accept({ token })).resolves.toBeDefined();
  });

  it.each([
    [{ role: "ADMIN", expiresInDays: 7 }, "role: Role must be OWNER, EDITOR or VIEWER"],
    [{ role: "EDITOR", expiresInDays: 0 }, "expiresInDays: Expiry must be at least 1 day"],
    [{ role: "EDITOR", expiresInDays: 1.5 }, "expiresInDays: Expiry must be whole days"],
    [{ role: "EDITOR", expiresInDays: "7" }, "expiresInDays: Expiry must be a number of days"],
  ])("refuses to create %j", async (input, message) => {
    const { caller } = await createTeamWithOwner();
    const before = await counts();
    await expect(caller.invitation.create(input as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message,
    });
    expect(await counts()).toEqual(before);
  });

  it("answers a malformed or unknown token clearly", async () => {
    const guest = await createUser();
    await expect(callerFor(guest.id).invitation.accept({ token: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "token: This invitation link is not valid",
    });
    await expect(
      callerFor(guest.id).invitation.preview({ token: "A".repeat(43) }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Invitation not found",
    });
  });
});
