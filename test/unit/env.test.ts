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

describe("the settings of the security and reliability work", () => {
  const production = {
    ...good,
    NODE_ENV: "production",
    WEFT_SECRET_KEY: Buffer.alloc(32, 7).toString("base64url"),
  };

  it("refuses Inngest dev mode in production: it would accept unsigned calls", () => {
    expect(() => parseEnv({ ...production, INNGEST_DEV: "1" })).toThrow(
      /INNGEST_DEV must not be set in production/,
    );
    expect(parseEnv({ ...good, INNGEST_DEV: "1" }).INNGEST_DEV).toBe("1");
  });

  it("reads trusted proxies as a list of addresses and ranges, naming a bad entry's variable", () => {
    expect(
      parseEnv({ ...good, WEFT_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" }).WEFT_TRUSTED_PROXIES,
    ).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(() => parseEnv({ ...good, WEFT_TRUSTED_PROXIES: "10.0.0.0/8, proxy.local" })).toThrow(
      /WEFT_TRUSTED_PROXIES must be IP addresses or CIDR ranges/,
    );
  });

  it.each([
    ["WEFT_SANDBOX_WORKERS", "0", /must be at least 1/],
    ["WEFT_SANDBOX_WORKERS", "two", /must be a number/],
    ["WEFT_SANDBOX_WORKERS", "1.5", /must be a whole number/],
    ["WEFT_PRIVATE_NETWORKS", "maybe", /must be allow or deny/],
    ["INNGEST_ENABLE_UNAUTHED_SYNC", "yes", /must be true or false/],
    ["INNGEST_SERVE_ORIGIN", "not a url", /must be the origin Inngest calls the app at/],
    ["PORT", "eighty", /must be a port number/],
  ])("refuses %s=%s, naming it", (name, value, message) => {
    expect(() => parseEnv({ ...good, [name]: value })).toThrow(
      new RegExp(`${name} ${message.source}`),
    );
  });

  it("defaults the sandbox pool to two workers", () => {
    expect(parseEnv(good).WEFT_SANDBOX_WORKERS).toBe(2);
  });
});
