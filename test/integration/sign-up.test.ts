import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createUser } from "../factories";
import { counts } from "../support/db";

const signUp = (input: unknown) => callerFor(null).auth.signUp(input as never);

describe("auth.signUp", () => {
  it("creates the user with an argon2id hash and a personal team they own", async () => {
    const user = await signUp({
      name: "Ada",
      email: "  Ada@Example.test ",
      password: "analytical engine",
    });
    expect(user.email).toBe("ada@example.test");
    const stored = await db().user.findUniqueOrThrow({
      where: { id: user.id },
      include: { memberships: { include: { team: true } } },
    });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain("analytical engine");
    expect(stored.memberships).toHaveLength(1);
    expect(stored.memberships[0]).toMatchObject({
      role: "OWNER",
      team: { personal: true, name: "Ada's team" },
    });
  });

  it("refuses a duplicate email, naming the field, and writes nothing", async () => {
    const existing = await createUser();
    const before = await counts();
    await expect(
      signUp({ name: "Copy", email: existing.email.toUpperCase(), password: "another password" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "An account with this email already exists",
    });
    expect(await counts()).toEqual(before);
  });

  it.each([
    [
      { name: "A", email: "not-an-email", password: "long enough" },
      "email: Enter a valid email address",
    ],
    [
      { name: "A", email: "a@example.test", password: "short" },
      "password: Password must be at least 8 characters",
    ],
    [{ name: "", email: "b@example.test", password: "long enough" }, "name: Enter your name"],
    [{ email: "c@example.test", password: "long enough" }, "name:"],
    ["not an object", "expected object"],
  ])("refuses %j with a message naming the field", async (input, message) => {
    const before = await counts();
    const error = await signUp(input).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as Error).message).toContain(message);
    expect(await counts()).toEqual(before);
  });
});
