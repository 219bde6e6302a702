import { describe, expect, it } from "vitest";
import { hasRole } from "@/lib/schemas/team";
import { safeRedirect } from "@/lib/safe-redirect";
import { clientIp } from "@/server/auth/client-ip";

describe("hasRole", () => {
  it("ranks owner above editor above viewer", () => {
    expect(hasRole("OWNER", "EDITOR")).toBe(true);
    expect(hasRole("EDITOR", "EDITOR")).toBe(true);
    expect(hasRole("VIEWER", "EDITOR")).toBe(false);
    expect(hasRole("EDITOR", "OWNER")).toBe(false);
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/invite/abc?x=1")).toBe("/invite/abc?x=1");
  });

  it.each([
    "https://evil.test/",
    "//evil.test",
    "/\\evil.test",
    "/\t/evil.example",
    decodeURIComponent("%2F%09%2Fevil.example"),
    "/\n/evil.example",
    "/\r\n/evil.example",
    undefined,
    42,
  ])(
    "replaces %s with the fallback",
    (value) => expect(safeRedirect(value)).toBe("/flows"),
  );
});

describe("clientIp", () => {
  it("takes the first x-forwarded-for address", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe(
      "203.0.113.9",
    );
  });

  it("reads plain header records too, and falls back to 'local'", () => {
    expect(clientIp({ "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
    expect(clientIp(undefined)).toBe("local");
  });
});
