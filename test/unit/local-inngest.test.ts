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
    // Inngest reads a missing field as null where plain CEL would fail.
    ["event.data.missing == null", true],
    ["event.data.missing.deeper == null", true],
    ["has(event.data.missing)", false],
    // Full CEL, as Inngest's cel-go: macros, functions, the strings extension.
    ["event.data.list.exists(x, x > 2)", true],
    ["size(event.data.list) == 2 && event.data.id.startsWith('a')", true],
    ["event.data.n + 0.5 > 3.0", true],
  ])("%s is %s", (source, expected) =>
    expect(
      compile(source)({ ...scope, event: { data: { ...scope.event.data, list: [1, 3] } } }),
    ).toBe(expected),
  );

  it("evaluates to a value (a concurrency key) and an error to undefined", () => {
    expect(compile("event.data.id + '-' + string(event.data.n)")(scope)).toBe("a-3");
    expect(compile("event.data.id + 1")(scope)).toBeUndefined();
  });

  it.each([
    ["other.data.id == 1", /unknown name "other"/],
    ["event.data.id ==", /not valid CEL/],
    ["event.data.id = 'a'", /not valid CEL/],
  ])("refuses %s", (source, message) => expect(() => compile(source)).toThrow(message));
});

describe("durations", () => {
  it("parses Inngest durations and sleepUntil times", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("0")).toBe(0);
    expect(wakeTime("2030-01-01T00:00:00.000Z", Date.parse("2029-06-01T00:00:00Z"))).toBe(
      Date.parse("2030-01-01T00:00:00Z"),
    );
    expect(wakeTime("1d", 1000)).toBe(1000 + 86_400_000);
    // No duration, or a time already past: wake at once (as Inngest), never throw.
    expect(wakeTime("", 1000)).toBe(1000);
    const now = Date.parse("2002-01-01T00:00:00Z");
    expect(wakeTime("2001-01-01T00:00:00Z", now)).toBe(now);
    expect(() => parseDuration("soon")).toThrow('"soon" is not a duration');
    expect(() => wakeTime("367d", 0)).toThrow("more than 366 days away");
  });

  it("reads Retry-After as seconds or a date, clamped to 1 s – 24 h", () => {
    expect(retryAfter("30", 0)).toBe(30_000);
    expect(retryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfter(new Date(0).toUTCString(), 10_000)).toBe(1000);
    expect(retryAfter("9999999", 0)).toBe(86_400_000);
    expect(retryAfter(null, 0)).toBeNull();
  });

  it("backs off as Inngest's table: 15 s, 30 s, 1 m … 2 h, plus 0–30 s of jitter", () => {
    expect(backoff(0, () => 0)).toBe(15_000);
    expect(backoff(1, () => 0)).toBe(30_000);
    expect(backoff(2, () => 0)).toBe(60_000);
    expect(backoff(4, () => 0)).toBe(300_000);
    expect(backoff(9, () => 0)).toBe(7_200_000);
    expect(backoff(30, () => 0)).toBe(7_200_000);
    expect(backoff(0, () => 0.999)).toBe(15_000 + 29_970);
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

  it("defaults to 4 retries and compiles triggers, cancel, concurrency and timeouts", () => {
    const fn = compileFunction({
      ...base,
      concurrency: [{ limit: 2, key: "event.data.team" }],
      cancel: [{ event: "a/stop", if: "event.data.id == async.data.id", timeout: "1h" }],
      timeouts: { start: "10s", finish: "2h" },
    });
    expect(fn.timeouts).toEqual({ start: 10_000, finish: 7_200_000 });
    expect(fn.retries).toBe(4);
    expect(fn.concurrency?.limit).toBe(2);
    expect(fn.concurrency?.key?.({ event: { data: { team: "t1" } } })).toBe("t1");
    expect(fn.cancel[0]?.timeoutMs).toBe(3_600_000);
  });

  it.each([
    [{ debounce: { period: "5s" } }, 'Function app-fn: the "debounce" option is not supported'],
    [{ rateLimit: { limit: 1, period: "1m" } }, 'the "rateLimit" option is not supported'],
    [{ triggers: [{ cron: "not a cron" }] }, 'Function app-fn: cron "not a cron"'],
    // Inngest's cron parser takes exactly five fields: no seconds, L, W, # or @daily.
    [{ triggers: [{ cron: "0 0 9 * * *" }] }, "needs five fields"],
    [{ triggers: [{ cron: "@daily" }] }, "needs five fields"],
    [{ triggers: [{ cron: "0 9 L * *" }] }, '"L" is not a valid day of month field'],
    [{ triggers: [{ cron: "0 9 15W * *" }] }, '"15W" is not a valid day of month field'],
    [{ triggers: [{ cron: "0 9 * * MON#2" }] }, '"MON#2" is not a valid day of week field'],
    [{ timeouts: { finish: "soon" } }, 'timeouts.finish: "soon" is not a duration'],
    [
      { cancel: [{ event: "x", if: "other.id > 1" }] },
      'Function app-fn: cancel expression "other.id > 1": unknown name "other"',
    ],
    [{ concurrency: [{ limit: 1 }, { limit: 2 }] }, "only one concurrency limit is supported"],
  ])("refuses %j", (extra, message) =>
    expect(() => compileFunction({ ...base, ...extra })).toThrow(message),
  );
});

describe("cron triggers", () => {
  it.each(["*/15 * * * *", "TZ=Europe/Paris 0 9 * * MON-FRI", "0 0 1,15 JAN-JUN ?", "5 4 * * 0"])(
    "accepts %s",
    (cron) => {
      const fn = compileFunction({
        id: "app-cron",
        triggers: [{ cron }],
        steps: { step: { id: "step", runtime: { type: "http", url: "http://127.0.0.1:1/x" } } },
      });
      expect(fn.crons[0]?.schedule.nextRun()).toBeInstanceOf(Date);
    },
  );
});
