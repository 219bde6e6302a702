import { describe, expect, it } from "vitest";
import { compile } from "@/server/local-inngest/expression";
import { compileFunction } from "@/server/local-inngest/function-config";
import { backoff, parseDuration, retryAfter, wakeTime } from "@/server/local-inngest/time";

describe("expressions", () => {
  const scope = {
    event: { data: { id: "a", n: 3, ok: true } },
    async: { data: { id: "a", n: 5 } },
  };

  it.each([
    ["event.data.id == async.data.id", true],
    ["event.data.id != async.data.id", false],
    ["event.data.n < async.data.n && event.data.ok", true],
    ["event.data.n >= 4 || async.data.id == 'b'", false],
    ['!(event.data.id == "b")', true],
    ["event.data.missing == null", true],
  ])("%s is %s", (source, expected) => expect(compile(source)(scope)).toBe(expected));

  it.each([
    ["event.data.list.exists(x, x > 1)", /unsupported syntax|unexpected/],
    ["size(event.data) > 1", /unknown name "size"/],
    ["other.data.id == 1", /unknown name "other.data.id"/],
    ["event.data.id ==", /expected a value/],
  ])("refuses %s", (source, message) => expect(() => compile(source)).toThrow(message));
});

describe("durations", () => {
  it("parses Inngest durations and sleepUntil times", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2s")).toBe(2000);
    expect(wakeTime("2030-01-01T00:00:00.000Z", 0)).toBe(Date.parse("2030-01-01T00:00:00Z"));
    expect(wakeTime("1d", 1000)).toBe(1000 + 86_400_000);
    expect(() => parseDuration("soon")).toThrow('"soon" is not a duration');
  });

  it("reads Retry-After as seconds or a date, and caps the backoff", () => {
    expect(retryAfter("30", 0)).toBe(30_000);
    expect(retryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfter(null, 0)).toBeNull();
    expect(backoff(1)).toBeGreaterThanOrEqual(800);
    expect(backoff(1)).toBeLessThanOrEqual(1200);
    expect(backoff(30)).toBeLessThanOrEqual(720_000);
  });
});

describe("function configs", () => {
  const base = {
    id: "app-fn",
    triggers: [{ event: "a/b" }],
    steps: {
      step: {
        id: "step",
        runtime: { type: "http", url: "http://127.0.0.1:3000/api/inngest?fnId=app-fn&stepId=step" },
      },
    },
  };

  it("defaults to 4 retries and compiles triggers, cancel and concurrency", () => {
    const fn = compileFunction({
      ...base,
      concurrency: [{ limit: 2, key: "event.data.team" }],
      cancel: [{ event: "a/stop", if: "event.data.id == async.data.id", timeout: "1h" }],
    });
    expect(fn.retries).toBe(4);
    expect(fn.concurrency?.limit).toBe(2);
    expect(fn.concurrency?.key?.({ event: { data: { team: "t1" } } })).toBe("t1");
    expect(fn.cancel[0]?.timeoutMs).toBe(3_600_000);
  });

  it.each([
    [{ debounce: { period: "5s" } }, 'Function app-fn: the "debounce" option is not supported'],
    [{ rateLimit: { limit: 1, period: "1m" } }, 'the "rateLimit" option is not supported'],
    [{ triggers: [{ cron: "not a cron" }] }, 'Function app-fn: cron "not a cron"'],
    [
      { cancel: [{ event: "x", if: "size(event) > 1" }] },
      'Function app-fn: cancel expression "size(event) > 1"',
    ],
    [{ concurrency: [{ limit: 1 }, { limit: 2 }] }, "only one concurrency limit is supported"],
  ])("refuses %j", (extra, message) =>
    expect(() => compileFunction({ ...base, ...extra })).toThrow(message),
  );
});
