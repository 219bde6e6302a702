import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createNotification } from "@/server/notifications/notifications";
import {
  createSchedule,
  fireDueSchedules,
  listSchedules,
  setSchedulePaused,
} from "@/server/schedules/schedules";
import { flowDocument, node } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";
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
    expect(
      await db().auditEntry.findFirst({
        where: { teamId: engine.teamId, source: "SCHEDULE" },
        select: { action: true, details: true },
      }),
    ).toEqual({ action: "run.start", details: { id: run.id, scheduleId: schedule.id } });
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

  it("a slot that cannot start a run records a failed run with the reason and sends the flow's alerts", async () => {
    const alerts: string[] = [];
    engine.route("/alerts", (_req, res, body) => {
      alerts.push(body);
      res.writeHead(200).end("ok");
    });
    const changing = await engine.flow(
      flowDocument({
        parameters: [{ name: "threshold", type: "number", required: true, description: "" }],
        nodes: [node("check", { block: "code.javascript", config: { code: "return 1" } })],
        edges: [],
      }),
    );
    const schedule = await createSchedule(engine.teamId, {
      kind: "CRON",
      flowId: changing,
      cron: "* * * * *",
      timezone: "UTC",
      parameters: { threshold: 3 },
    });
    await createNotification(engine.teamId, {
      flowId: changing,
      target: { channel: "WEBHOOK", url: `${engine.apiUrl}/alerts` },
    });
    // A newer version no longer declares `threshold`: the schedule's parameters do not fit.
    await db().flowVersion.create({
      data: {
        flowId: changing,
        number: 2,
        document: flowDocument({ nodes: [node("check")], edges: [] }) as never,
      },
    });
    await db().flow.update({ where: { id: changing }, data: { latestVersion: 2 } });
    await at(schedule.id, "2026-06-01T09:30:00Z");
    const [fired] = await fire("2026-06-01T09:31:10Z");
    expect(fired!.error).toMatch(/^The schedule could not start a run: .*threshold/);
    const run = await db().run.findUniqueOrThrow({ where: { id: fired!.runId! } });
    expect(run).toMatchObject({
      status: "FAILED",
      trigger: "SCHEDULE",
      scheduleId: schedule.id,
      error: fired!.error,
    });
    await eventually(async () => alerts.length === 1);
    expect(JSON.parse(alerts[0]!)).toMatchObject({ runId: run.id, status: "failed" });
    const listed = (await listSchedules(engine.teamId)).find((s) => s.id === schedule.id)!;
    expect(listed.lastRun).toMatchObject({ id: run.id, status: "FAILED", error: fired!.error });
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
