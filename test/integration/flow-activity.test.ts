import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { newRunId } from "@/server/engine/runs";
import { flowActivity } from "@/server/flows/activity";
import { createTeamWithOwner } from "../factories";

const DAY = 86_400_000;

describe("flow activity on the flows list", () => {
  it("gives each flow its last run, runs per day this week, next scheduled run and last author", async () => {
    const { caller, team, owner } = await createTeamWithOwner("Busy");
    const other = await createTeamWithOwner("Other");
    const busy = await caller.flow.create({ name: "Busy flow" });
    const idle = await caller.flow.create({ name: "Idle flow" });
    const theirs = await other.caller.flow.create({ name: "Theirs" });
    const now = new Date("2026-12-02T12:00:00Z");
    const version = await db().flowVersion.findFirstOrThrow({ where: { flowId: busy.id } });
    const run = (
      daysAgo: number,
      status: "COMPLETED" | "FAILED",
      teamId = team.id,
      flowId = busy.id,
      flowVersionId = version.id,
    ) =>
      db().run.create({
        data: {
          id: newRunId(),
          teamId,
          flowId,
          flowVersionId,
          version: 1,
          trigger: "MANUAL",
          status,
          createdAt: new Date(now.getTime() - daysAgo * DAY - 3_600_000),
        },
      });
    await run(0, "FAILED");
    await run(0, "COMPLETED");
    await run(2, "COMPLETED");
    await run(9, "COMPLETED"); // older than the week: not in the bars
    const theirVersion = await db().flowVersion.findFirstOrThrow({ where: { flowId: theirs.id } });
    await run(0, "COMPLETED", other.team.id, theirs.id, theirVersion.id);
    const latest = await db().run.create({
      data: {
        id: newRunId(),
        teamId: team.id,
        flowId: busy.id,
        flowVersionId: version.id,
        version: 1,
        trigger: "API",
        status: "RUNNING",
        createdAt: new Date(now.getTime() - 60_000),
      },
    });
    await caller.schedule.create({
      flowId: busy.id,
      kind: "CRON",
      cron: "0 18 * * *",
      timezone: "UTC",
      parameters: {},
    });
    await caller.schedule.create({
      flowId: busy.id,
      kind: "CRON",
      cron: "0 13 * * *",
      timezone: "UTC",
      parameters: {},
    });
    const paused = await caller.schedule.create({
      flowId: idle.id,
      kind: "INTERVAL",
      intervalMinutes: 5,
      anchor: now,
      parameters: {},
    });
    await caller.schedule.setPaused({ scheduleId: paused.id, paused: true });

    const activity = await flowActivity(team.id, now);
    expect(Object.keys(activity).sort()).toEqual([busy.id, idle.id].sort());
    expect(activity[busy.id]).toEqual({
      lastRun: { id: latest.id, status: "RUNNING", createdAt: latest.createdAt.toISOString() },
      runsByDay: [0, 0, 0, 0, 1, 0, 3],
      nextRunAt: "2026-12-02T13:00:00.000Z",
      updatedBy: owner.name,
    });
    expect(activity[idle.id]).toMatchObject({
      lastRun: null,
      runsByDay: [0, 0, 0, 0, 0, 0, 0],
      nextRunAt: null,
    });
  });
});
