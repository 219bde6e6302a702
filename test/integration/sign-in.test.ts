import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/server/auth/verify-credentials";
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

  it("locks an email after 10 attempts in 15 minutes, even with the right password", async () => {
    const user = await createUser({ password: "right password" });
    for (let attempt = 0; attempt < 10; attempt++) {
      await verifyCredentials(user.email, "guess", `10.2.0.${attempt}`);
    }
    await expect(verifyCredentials(user.email, "right password", "10.2.1.1")).rejects.toMatchObject(
      {
        code: "TOO_MANY_REQUESTS",
      },
    );
  });

  it("limits attempts per address across emails", async () => {
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
