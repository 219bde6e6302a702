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
  ])("replaces %s with the fallback", (value) => expect(safeRedirect(value)).toBe("/flows"));
});

describe("clientIp", () => {
  it("ignores X-Forwarded-For unless a trusted proxy is configured", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9" }), [])).toBe("unknown");
    expect(clientIp(undefined, ["127.0.0.1"])).toBe("unknown");
  });

  it("takes the right-most address that is not a trusted proxy, so a forged prefix is ignored", () => {
    const proxies = ["10.0.0.0/8", "127.0.0.1"];
    expect(
      clientIp(new Headers({ "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.0.0.1" }), proxies),
    ).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "198.51.100.2" }, proxies)).toBe("198.51.100.2");
    expect(clientIp({ "x-forwarded-for": "127.0.0.1" }, proxies)).toBe("127.0.0.1");
    expect(clientIp({ "x-forwarded-for": "not-an-ip, 10.0.0.1" }, proxies)).toBe("unknown");
  });
});
