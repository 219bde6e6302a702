import { describe, expect, it } from "vitest";
import { createScheduleInput } from "@/lib/schemas/schedule";
import { cronProblem, describeCron, dueSlot, nextFireTimes } from "@/lib/schedules/timing";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("schedule timing", () => {
  it("fires a daily cron at local time across the spring-forward and fall-back changes", () => {
    const berlin = { kind: "CRON" as const, cron: "30 9 * * *", timezone: "Europe/Berlin" };
    // 09:30 in Berlin is 08:30Z in winter (CET) and 07:30Z in summer (CEST); DST starts on 29 March 2026.
    expect(iso(nextFireTimes(berlin, new Date("2026-03-27T12:00:00Z"), 3))).toEqual([
      "2026-03-28T08:30:00.000Z",
      "2026-03-29T07:30:00.000Z",
      "2026-03-30T07:30:00.000Z",
    ]);
    // ... and ends on 25 October 2026.
    expect(iso(nextFireTimes(berlin, new Date("2026-10-24T12:00:00Z"), 2))).toEqual([
      "2026-10-25T08:30:00.000Z",
      "2026-10-26T08:30:00.000Z",
    ]);
  });

  it("fires a time the spring-forward skips once, just after the gap", () => {
    const skipped = { kind: "CRON" as const, cron: "30 2 * * *", timezone: "Europe/Berlin" };
    expect(iso(nextFireTimes(skipped, new Date("2026-03-28T12:00:00Z"), 2))).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
  });

  it("steps intervals from their anchor", () => {
    const every90 = {
      kind: "INTERVAL" as const,
      intervalMinutes: 90,
      anchor: new Date("2026-01-01T00:00:00Z"),
    };
    expect(iso(nextFireTimes(every90, new Date("2026-01-01T02:00:00Z"), 2))).toEqual([
      "2026-01-01T03:00:00.000Z",
      "2026-01-01T04:30:00.000Z",
    ]);
    expect(iso(nextFireTimes(every90, new Date("2025-12-31T00:00:00Z"), 1))).toEqual([
      "2026-01-01T00:00:00.000Z",
    ]);
  });

  it("finds the latest due slot and counts the missed ones before it", () => {
    const hourly = { kind: "CRON" as const, cron: "0 * * * *", timezone: "UTC" };
    expect(
      dueSlot(hourly, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:59:00Z")),
    ).toBeNull();
    expect(
      dueSlot(hourly, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T05:10:00Z")),
    ).toEqual({ slot: new Date("2026-01-01T05:00:00Z"), missed: 4 });
    const every15 = {
      kind: "INTERVAL" as const,
      intervalMinutes: 15,
      anchor: new Date("2026-01-01T00:00:00Z"),
    };
    expect(
      dueSlot(every15, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T01:05:00Z")),
    ).toEqual({ slot: new Date("2026-01-01T01:00:00Z"), missed: 3 });
    expect(
      dueSlot(every15, new Date("2026-01-01T01:00:00Z"), new Date("2026-01-01T01:05:00Z")),
    ).toBeNull();
  });

  it("describes a cron expression for people", () => {
    expect(describeCron("30 2 * * 1-5")).toBe("At 02:30, Monday through Friday");
  });

  it.each([
    ["* * * *", /needs 5 fields/],
    ["0 0 * * * *", /needs 5 fields/],
    ["61 * * * *", /./],
    ["x * * * *", /./],
  ])("refuses the cron expression %j", (cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
    const parsed = createScheduleInput.safeParse({
      kind: "CRON",
      flowId: "f",
      cron,
      timezone: "UTC",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["cron"]);
  });

  it("refuses an unknown time zone and a zero interval, naming the field", () => {
    const zone = createScheduleInput.safeParse({
      kind: "CRON",
      flowId: "f",
      cron: "0 * * * *",
      timezone: "Mars/Olympus",
    });
    expect(zone.error!.issues[0]).toMatchObject({
      path: ["timezone"],
      message: "must be an IANA time zone like Europe/Berlin",
    });
    const zero = createScheduleInput.safeParse({
      kind: "INTERVAL",
      flowId: "f",
      intervalMinutes: 0,
      anchor: "2026-01-01T00:00:00Z",
    });
    expect(zero.error!.issues[0]).toMatchObject({
      path: ["intervalMinutes"],
      message: "must be at least 1 minute",
    });
  });
});
