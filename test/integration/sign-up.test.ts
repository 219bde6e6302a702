import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createUser } from "../factories";
import { counts } from "../support/db";

const signUp = (input: unknown) => callerFor(null).auth.signUp(input as never);

describe("auth.signUp", () => {
  it("creates the user with an argon2id hash and a personal team they own", async () => {
    const answer = await signUp({
      name: "Ada",
      email: "  Ada@Example.test ",
      password: "analytical engine",
    });
    expect(answer).toEqual({ email: "ada@example.test" });
    const stored = await db().user.findUniqueOrThrow({
      where: { email: "ada@example.test" },
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

  it("answers a registered email exactly like a new one (no enumeration), and writes nothing", async () => {
    const existing = await createUser();
    const before = await counts();
    const registered = await signUp({
      name: "Copy",
      email: existing.email.toUpperCase(),
      password: "another password",
    });
    expect(await counts()).toEqual(before);
    const fresh = await signUp({
      name: "Fresh",
      email: `FRESH-${existing.email}`,
      password: "another password",
    });
    expect(registered).toEqual({ email: existing.email });
    expect(fresh).toEqual({ email: `fresh-${existing.email}` });
    expect(Object.keys(registered)).toEqual(Object.keys(fresh));
    const stored = await db().user.findUniqueOrThrow({ where: { email: existing.email } });
    expect(stored.name).not.toBe("Copy");
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
