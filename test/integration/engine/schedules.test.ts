import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createSchedule, fireDueSchedules, setSchedulePaused } from "@/server/schedules/schedules";
import { flowDocument, node } from "../../factories/flow-document";
import { startEngine } from "./engine-harness";

describe("schedules", async () => {
  const engine = await startEngine();
  const flowId = await engine.flow(
    flowDocument({
      parameters: [{ name: "region", type: "string", required: true, description: "" }],
      nodes: [
        node("report", {
          block: "code.javascript",
          config: { code: "return 'report for ' + params.region" },
        }),
      ],
      edges: [],
    }),
  );
  const utcCron = (cron: string, region: string) =>
    createSchedule(engine.teamId, {
      kind: "CRON",
      flowId,
      cron,
      timezone: "UTC",
      parameters: { region },
    });
  const fire = (at: string) => fireDueSchedules(new Date(at), engine.harness.client);
  const at = async (id: string, time: string) =>
    db().schedule.update({ where: { id }, data: { createdAt: new Date(time), lastSlotAt: null } });

  it("starts a run per due slot with the schedule's parameters, marked as scheduled", async () => {
    const schedule = await utcCron("0 * * * *", "eu");
    await at(schedule.id, "2026-06-01T09:30:00Z");
    expect(await fire("2026-06-01T09:59:00Z")).toEqual([]);
    const [fired] = await fire("2026-06-01T10:00:30Z");
    expect(fired).toMatchObject({
      scheduleId: schedule.id,
      slot: new Date("2026-06-01T10:00:00Z"),
      missed: 0,
    });
    const run = await engine.finished(fired!.runId!);
    expect(run).toMatchObject({
      status: "COMPLETED",
      trigger: "SCHEDULE",
      scheduleId: schedule.id,
      parameters: { region: "eu" },
    });
    expect(run.node.report!.output).toBe("report for eu");
    await db().schedule.delete({ where: { id: schedule.id } });
  });

  it("the same tick delivered twice starts one run", async () => {
    const schedule = await createSchedule(engine.teamId, {
      kind: "INTERVAL",
      flowId,
      intervalMinutes: 30,
      anchor: "2026-06-01T00:00:00Z",
      parameters: { region: "us" },
    });
    await at(schedule.id, "2026-06-01T00:10:00Z");
    const both = await Promise.all([fire("2026-06-01T00:31:00Z"), fire("2026-06-01T00:31:00Z")]);
    expect(both.flat()).toHaveLength(1);
    expect(await fire("2026-06-01T00:31:00Z")).toEqual([]);
    expect(await db().run.count({ where: { scheduleId: schedule.id } })).toBe(1);
    await db().schedule.delete({ where: { id: schedule.id } });
  });

  it("runs only the latest of the slots missed while Weft was down", async () => {
    const schedule = await utcCron("*/10 * * * *", "ap");
    await at(schedule.id, "2026-06-01T08:00:00Z");
    const fired = await fire("2026-06-01T09:05:00Z");
    expect(fired).toMatchObject([{ slot: new Date("2026-06-01T09:00:00Z"), missed: 5 }]);
    expect(await db().run.count({ where: { scheduleId: schedule.id } })).toBe(1);
    await db().schedule.delete({ where: { id: schedule.id } });
  });

  it("a paused schedule does not fire; resuming does not replay the paused time", async () => {
    const schedule = await utcCron("* * * * *", "eu");
    await setSchedulePaused(engine.teamId, schedule.id, true);
    expect(await fire(new Date(Date.now() + 5 * 60_000).toISOString())).toEqual([]);
    const resumedAt = new Date();
    await setSchedulePaused(engine.teamId, schedule.id, false);
    const { lastSlotAt } = await db().schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    // Resuming starts from now: the minutes that passed while paused are not due.
    expect(lastSlotAt!.getTime()).toBeGreaterThanOrEqual(resumedAt.getTime());
    expect(await fire(lastSlotAt!.toISOString())).toEqual([]);
    await db().schedule.delete({ where: { id: schedule.id } });
  });

  it("refuses bad schedules naming the field, and writes nothing", async () => {
    const before = await db().schedule.count();
    await expect(utcCron("0 25 * * *", "eu")).rejects.toMatchObject({
      issues: [{ path: ["cron"] }],
    });
    await expect(
      createSchedule(engine.teamId, {
        kind: "CRON",
        flowId,
        cron: "0 * * * *",
        timezone: "Nowhere/City",
      }),
    ).rejects.toMatchObject({ issues: [{ path: ["timezone"] }] });
    await expect(
      createSchedule(engine.teamId, {
        kind: "CRON",
        flowId,
        cron: "0 * * * *",
        timezone: "UTC",
        parameters: {},
      }),
    ).rejects.toMatchObject({ field: "parameters.region" });
    await expect(
      createSchedule("other-team", { kind: "CRON", flowId, cron: "0 * * * *", timezone: "UTC" }),
    ).rejects.toThrow(/Flow not found/);
    expect(await db().schedule.count()).toBe(before);
  });
});
