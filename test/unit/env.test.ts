import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";

const good = {
  DATABASE_URL: "postgresql://weft:pw@localhost:5432/weft",
  NEXTAUTH_SECRET: "x".repeat(32),
};

describe("parseEnv", () => {
  it("accepts a complete environment and fills defaults", () => {
    const env = parseEnv(good);
    expect(env.NODE_ENV).toBe("development");
    expect(env.OIDC_NAME).toBe("Single sign-on");
  });

  it("names a malformed DATABASE_URL and says what it should look like", () => {
    expect(() => parseEnv({ ...good, DATABASE_URL: "mysql://localhost/weft" })).toThrow(
      /DATABASE_URL must be a PostgreSQL URL such as postgresql:\/\//,
    );
  });

  it("lists every missing variable at once", () => {
    expect(() => parseEnv({})).toThrow(/DATABASE_URL is required\n\s+NEXTAUTH_SECRET is required/);
  });

  it("refuses a short NEXTAUTH_SECRET", () => {
    expect(() => parseEnv({ ...good, NEXTAUTH_SECRET: "short" })).toThrow(
      /NEXTAUTH_SECRET must be at least 32 characters/,
    );
  });

  it("treats empty OAuth variables as unset", () => {
    expect(parseEnv({ ...good, GITHUB_ID: "" }).GITHUB_ID).toBeUndefined();
  });
});

describe("WEFT_SECRET_KEY", () => {
  it("must be 32 bytes, and is required in production", () => {
    expect(() => parseEnv({ ...good, WEFT_SECRET_KEY: "short" })).toThrow(
      /WEFT_SECRET_KEY must be 32 bytes/,
    );
    expect(() => parseEnv({ ...good, NODE_ENV: "production" })).toThrow(
      /WEFT_SECRET_KEY is required in production/,
    );
    expect(
      parseEnv({
        ...good,
        NODE_ENV: "production",
        WEFT_SECRET_KEY: Buffer.alloc(32, 7).toString("base64url"),
      }).NODE_ENV,
    ).toBe("production");
  });
});
