import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createTeamWithOwner } from "../factories";
import { flowDocument } from "../factories/flow-document";

describe("editing a schedule", () => {
  it("changes its timing and parameters from now on; bad input changes nothing", async () => {
    const { caller } = await createTeamWithOwner("Planner");
    const flow = await caller.flow.import({
      document: flowDocument({
        name: "Report",
        parameters: [{ name: "day", type: "string", required: true, description: "" }],
      }),
    });
    const schedule = await caller.schedule.create({
      flowId: flow.id,
      kind: "CRON",
      cron: "0 9 * * 1-5",
      timezone: "America/New_York",
      parameters: { day: "monday" },
    });
    const before = Date.now();
    await caller.schedule.update({
      scheduleId: schedule.id,
      schedule: {
        flowId: flow.id,
        kind: "INTERVAL",
        intervalMinutes: 90,
        anchor: new Date("2026-12-01T00:00:00Z"),
        parameters: { day: "tuesday" },
      },
    });
    const updated = await db().schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(updated).toMatchObject({
      kind: "INTERVAL",
      cron: null,
      intervalMinutes: 90,
      parameters: { day: "tuesday" },
      paused: false,
    });
    expect(updated.lastSlotAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    await expect(
      caller.schedule.update({
        scheduleId: schedule.id,
        schedule: {
          flowId: flow.id,
          kind: "CRON",
          cron: "0 9 * * *",
          timezone: "UTC",
          parameters: {},
        },
      }),
    ).rejects.toThrow("day is required");
    await expect(
      caller.schedule.update({
        scheduleId: schedule.id,
        schedule: {
          flowId: flow.id,
          kind: "CRON",
          cron: "61 * * * *",
          timezone: "UTC",
          parameters: { day: "x" },
        },
      }),
    ).rejects.toThrow(/cron expression/);
    expect(await db().schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toEqual(updated);

    const other = await createTeamWithOwner("Other");
    await expect(
      other.caller.schedule.update({
        scheduleId: schedule.id,
        schedule: {
          flowId: flow.id,
          kind: "CRON",
          cron: "0 9 * * *",
          timezone: "UTC",
          parameters: { day: "x" },
        },
      }),
    ).rejects.toThrow(/not found/i);
  });
});
