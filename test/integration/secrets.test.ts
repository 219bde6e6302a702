import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { readSecrets } from "@/server/secrets/secrets";
import { addMember, createTeamWithOwner } from "../factories";

describe("secrets", () => {
  it("stores values encrypted, lists names only, and decrypts for a running step", async () => {
    const { caller, team } = await createTeamWithOwner();
    await caller.secret.set({ name: "STRIPE_API_KEY", value: "sk_live_very_secret" });
    const row = await db().secret.findFirstOrThrow({ where: { teamId: team.id } });
    expect(row.sealed).not.toContain("sk_live");
    expect(Buffer.from(row.sealed, "base64").toString("utf8")).not.toContain("sk_live");

    const listed = await caller.secret.list();
    expect(listed.map((secret) => secret.name)).toEqual(["STRIPE_API_KEY"]);
    expect(JSON.stringify(listed)).not.toContain("sk_live");
    expect(await readSecrets(team.id, ["STRIPE_API_KEY", "MISSING"])).toEqual({
      STRIPE_API_KEY: "sk_live_very_secret",
    });
  });

  it("replaces a value under the same name, and deletes", async () => {
    const { caller, team } = await createTeamWithOwner();
    await caller.secret.set({ name: "TOKEN", value: "first value" });
    await caller.secret.set({ name: "TOKEN", value: "second value" });
    expect(await readSecrets(team.id, ["TOKEN"])).toEqual({ TOKEN: "second value" });
    await caller.secret.delete({ name: "TOKEN" });
    expect(await caller.secret.list()).toEqual([]);
    await expect(caller.secret.delete({ name: "TOKEN" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it.each([
    [{ name: "lower_case", value: "x" }, "name: Use UPPER_SNAKE_CASE"],
    [{ name: "9LIVES", value: "x" }, "name: Use UPPER_SNAKE_CASE"],
    [{ name: "EMPTY", value: "" }, "value: Enter the secret's value"],
    [
      { name: "TOO_SHORT", value: "abc" },
      "value: Enter the secret's value (at least 4 characters)",
    ],
  ])("refuses %j naming the field, storing nothing", async (input, message) => {
    const { caller, team } = await createTeamWithOwner();
    await expect(caller.secret.set(input)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(message),
    });
    expect(await db().secret.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("is for editors and owners: viewers can neither list nor set", async () => {
    const { caller, team } = await createTeamWithOwner();
    const { caller: viewer } = await addMember(caller, team.id, "VIEWER");
    await expect(viewer.secret.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.secret.set({ name: "X", value: "y" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
