import "server-only";
import { recordAudit } from "../audit/audit";
import type { Inngest } from "inngest";
import { resolveParameters } from "@/lib/flow/parameters";
import { startRunInput } from "@/lib/schemas/run";
import type { z } from "zod";
import { createScheduleInput, updateScheduleInput } from "@/lib/schemas/schedule";
import { dueSlot, type Timing } from "@/lib/schedules/timing";
import { db } from "../db/client";
import type { Schedule } from "../db/generated/client";
import { findVersion, recordRefusedRun } from "../engine/runs";
import { startRun } from "../runs/start-run";
import { AppError, notFound } from "../errors";
import { inngest } from "../inngest/client";

export const timingOf = (schedule: Schedule): Timing =>
  schedule.kind === "CRON"
    ? { kind: "CRON", cron: schedule.cron!, timezone: schedule.timezone }
    : { kind: "INTERVAL", intervalMinutes: schedule.intervalMinutes!, anchor: schedule.anchor! };

/** The stored fields of a schedule's input; its parameters are checked against the flow's latest version. */
async function scheduleFields(teamId: string, input: z.output<typeof createScheduleInput>) {
  const version = await findVersion(teamId, input.flowId);
  const parameters = resolveParameters(version.document.parameters, input.parameters);
  if (!parameters.ok) throw new AppError("BAD_REQUEST", parameters.message, parameters.field);
  const common = { flowId: input.flowId, parameters: input.parameters as object };
  return input.kind === "CRON"
    ? {
        ...common,
        kind: "CRON" as const,
        cron: input.cron,
        timezone: input.timezone,
        intervalMinutes: null,
        anchor: null,
      }
    : {
        ...common,
        kind: "INTERVAL" as const,
        intervalMinutes: input.intervalMinutes,
        anchor: input.anchor,
        cron: null,
      };
}

/** A schedule of a flow. */
export async function createSchedule(teamId: string, raw: unknown) {
  const fields = await scheduleFields(teamId, createScheduleInput.parse(raw));
  return db().schedule.create({ data: { teamId, ...fields } });
}

/**
 * Changes a schedule's flow, timing or parameters. It counts from now: slots of the old timing
 * that passed are not run. Paused stays paused.
 */
export async function updateSchedule(teamId: string, raw: unknown) {
  const input = updateScheduleInput.parse(raw);
  const fields = await scheduleFields(teamId, input.schedule);
  const { count } = await db().schedule.updateMany({
    where: { id: input.scheduleId, teamId },
    data: { ...fields, lastSlotAt: new Date() },
  });
  if (count === 0) throw notFound("Schedule");
}

/** The team's schedules, each with its last run (status, error) for the Schedules page. */
export async function listSchedules(teamId: string, flowId?: string) {
  const schedules = await db().schedule.findMany({
    where: { teamId, ...(flowId ? { flowId } : {}) },
    orderBy: { createdAt: "desc" },
    include: { flow: { select: { name: true } } },
  });
  const ids = schedules.map((schedule) => schedule.id);
  const last = ids.length
    ? await db().$queryRaw<
        { scheduleId: string; id: string; status: string; error: string | null; createdAt: Date }[]
      >`SELECT DISTINCT ON ("scheduleId") "scheduleId", id, status::text AS status, error, "createdAt"
        FROM "Run" WHERE "teamId" = ${teamId} AND "scheduleId" = ANY(${ids})
        ORDER BY "scheduleId", "createdAt" DESC`
    : [];
  const byId = new Map(last.map(({ scheduleId, ...run }) => [scheduleId, run]));
  return schedules.map((schedule) => ({ ...schedule, lastRun: byId.get(schedule.id) ?? null }));
}

/** Pauses or resumes. Resuming starts from now: slots that passed while paused do not run. */
export async function setSchedulePaused(teamId: string, scheduleId: string, paused: boolean) {
  const { count } = await db().schedule.updateMany({
    where: { id: scheduleId, teamId },
    data: paused ? { paused } : { paused, lastSlotAt: new Date() },
  });
  if (count === 0) throw notFound("Schedule");
}

export async function deleteSchedule(teamId: string, scheduleId: string) {
  const { count } = await db().schedule.deleteMany({ where: { id: scheduleId, teamId } });
  if (count === 0) throw notFound("Schedule");
}

/**
 * One tick: for each active schedule, the latest slot due since its last one starts a run.
 * A slot is claimed by moving `lastSlotAt` forward only if nobody else did, so the same tick
 * delivered twice (or two app instances) start one run. Slots missed while Weft was down
 * collapse into that one run; the count of skipped ones is returned.
 */
export async function fireDueSchedules(now: Date, client: Inngest = inngest) {
  const fired: {
    scheduleId: string;
    slot: Date;
    runId: string | null;
    missed: number;
    error?: string;
  }[] = [];
  for (const schedule of await db().schedule.findMany({ where: { paused: false } })) {
    const due = dueSlot(timingOf(schedule), schedule.lastSlotAt ?? schedule.createdAt, now);
    if (!due) continue;
    const { count } = await db().schedule.updateMany({
      where: { id: schedule.id, paused: false, lastSlotAt: schedule.lastSlotAt },
      data: { lastSlotAt: due.slot },
    });
    if (count === 0) continue;
    try {
      const run = await startRun(
        {
          teamId: schedule.teamId,
          userId: null,
          trigger: "SCHEDULE",
          scheduleId: schedule.id,
        },
        startRunInput.parse({ flowId: schedule.flowId, parameters: schedule.parameters }),
        client,
      );
      await recordAudit({
        teamId: schedule.teamId,
        actorId: null,
        source: "SCHEDULE",
        action: "run.start",
        flowId: schedule.flowId,
        details: { id: run.id, scheduleId: schedule.id },
      });
      fired.push({ scheduleId: schedule.id, slot: due.slot, runId: run.id, missed: due.missed });
    } catch (error) {
      // The slot does not pass silently: a failed run says why, and the flow's alerts go out.
      const reason = `The schedule could not start a run: ${(error as Error).message}`;
      const refused = await recordRefusedRun(
        {
          teamId: schedule.teamId,
          flowId: schedule.flowId,
          trigger: "SCHEDULE",
          scheduleId: schedule.id,
        },
        schedule.parameters as Record<string, unknown>,
        reason,
      ).catch(() => null);
      fired.push({
        scheduleId: schedule.id,
        slot: due.slot,
        runId: refused?.id ?? null,
        missed: due.missed,
        error: reason,
      });
    }
  }
  return fired;
}
