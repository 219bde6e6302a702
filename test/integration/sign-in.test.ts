import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { delayAfter, FREE_FAILURES, MAX_DELAY_SECONDS } from "@/server/auth/rate-limit";
import { db } from "@/server/db/client";
import { createUser } from "../factories";

describe("verifyCredentials", () => {
  it("returns the user for the right email and password, matching email case-insensitively", async () => {
    const user = await createUser({ password: "right password" });
    await expect(
      verifyCredentials(user.email.toUpperCase(), "right password", "10.1.0.1"),
    ).resolves.toMatchObject({
      id: user.id,
      email: user.email,
    });
  });

  it("returns null for a wrong password, an unknown email or a malformed one", async () => {
    const user = await createUser({ password: "right password" });
    await expect(verifyCredentials(user.email, "wrong password", "10.1.0.2")).resolves.toBeNull();
    await expect(
      verifyCredentials("nobody@example.test", "right password", "10.1.0.2"),
    ).resolves.toBeNull();
    await expect(verifyCredentials("not-an-email", "x", "10.1.0.2")).resolves.toBeNull();
    await expect(verifyCredentials(user.email, undefined, "10.1.0.2")).resolves.toBeNull();
  });

  it("slows one email from one address with a growing wait, never locking its owner out elsewhere", async () => {
    const user = await createUser({ password: "right password" });
    for (let attempt = 0; attempt < FREE_FAILURES; attempt++)
      await expect(verifyCredentials(user.email, "guess", "10.2.0.1")).resolves.toBeNull();
    // The attacker's address now waits, even with the right password...
    await expect(verifyCredentials(user.email, "right password", "10.2.0.1")).rejects.toMatchObject(
      { code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Try again in \d+ s/) },
    );
    // ...and hammering does not push the wait further out: refused tries are not counted.
    for (let attempt = 0; attempt < 20; attempt++)
      await verifyCredentials(user.email, "guess", "10.2.0.1").catch(() => undefined);
    const key = `sign-in:failures:${user.email}:10.2.0.1`;
    const [row] = await db().$queryRaw<{ count: number }[]>`
      SELECT "count" FROM "RateLimitBucket" WHERE "key" = ${key}`;
    expect(row!.count).toBe(FREE_FAILURES);
    // The owner, from their own address, signs in at once.
    await expect(
      verifyCredentials(user.email, "right password", "10.2.9.9"),
    ).resolves.toMatchObject({ id: user.id });
    // Once the wait has passed, the next try is allowed: no hard lock-out.
    await db().$executeRaw`
      UPDATE "RateLimitBucket" SET "windowStart" = now() - interval '2 seconds' WHERE "key" = ${key}`;
    await expect(
      verifyCredentials(user.email, "right password", "10.2.0.1"),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("doubles the wait after each further wrong password, up to five minutes", () => {
    expect([0, 4, 5, 6, 7, 10, 20].map(delayAfter)).toEqual([0, 0, 1, 2, 4, 32, MAX_DELAY_SECONDS]);
  });

  it("limits attempts per known address across emails", async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      await verifyCredentials(`guess-${attempt}@example.test`, "guess", "10.3.0.1");
    }
    await expect(
      verifyCredentials("another@example.test", "guess", "10.3.0.1"),
    ).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    await expect(
      verifyCredentials("another@example.test", "guess", "10.3.0.2"),
    ).resolves.toBeNull();
  });
});
