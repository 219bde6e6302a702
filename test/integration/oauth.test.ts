import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { findOrCreateOAuthUser } from "@/server/users/find-or-create-oauth-user";
import { createUser } from "../factories";

// Set before server/env.ts is first read in this file's module graph.
process.env.GITHUB_ID = "gh-client";
process.env.GITHUB_SECRET = "gh-secret";
process.env.OIDC_ISSUER = "https://login.example.test/realms/weft";
process.env.OIDC_CLIENT_ID = "weft";
process.env.OIDC_CLIENT_SECRET = "oidc-secret";
process.env.OIDC_NAME = "Example SSO";

describe("OAuth and OIDC sign-in", () => {
  it("switches on exactly the providers whose variables are set", async () => {
    const { enabledOAuthProviders } = await import("@/server/auth/options");
    expect(enabledOAuthProviders()).toEqual([
      { id: "github", name: "GitHub" },
      { id: "oidc", name: "Example SSO" },
    ]);
  });

  it("creates a user with a personal team on first sign-in and finds the same user afterwards", async () => {
    const first = await findOrCreateOAuthUser({ email: "Octo@Example.test", name: "Octo Cat" });
    const again = await findOrCreateOAuthUser({ email: "octo@example.test", name: "Renamed" });
    expect(again.id).toBe(first.id);
    const memberships = await db().membership.findMany({
      where: { userId: first.id },
      include: { team: true },
    });
    expect(memberships.map((m) => [m.role, m.team.personal, m.team.name])).toEqual([
      ["OWNER", true, "Octo Cat's team"],
    ]);
    expect(
      (await db().user.findUniqueOrThrow({ where: { id: first.id } })).passwordHash,
    ).toBeNull();
  });

  it("signs an existing password user in by their verified email, creating nothing", async () => {
    const user = await createUser();
    const teams = await db().team.count();
    expect((await findOrCreateOAuthUser({ email: user.email, name: null })).id).toBe(user.id);
    expect(await db().team.count()).toBe(teams);
  });
});
