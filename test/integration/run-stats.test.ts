import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { newRunId } from "@/server/engine/runs";
import { createTeamWithOwner } from "../factories";
import { flowDocument } from "../factories/flow-document";

type Caller = Awaited<ReturnType<typeof createTeamWithOwner>>["caller"];
const DAY = 86_400_000;
const today = () => new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z").getTime();

describe("run dashboards", () => {
  let caller: Caller;
  let teamId: string;
  let nightly: string;
  let hourly: string;

  /** A finished run of `flowId` created `daysAgo` days ago (at 06:00 UTC) that took `seconds`. */
  async function run(flowId: string, status: string, daysAgo: number, seconds: number) {
    const createdAt = new Date(today() - daysAgo * DAY + 6 * 3_600_000);
    const { versions } = await db().flow.findUniqueOrThrow({
      where: { id: flowId },
      select: { versions: { select: { id: true } } },
    });
    await db().run.create({
      data: {
        id: newRunId(),
        teamId,
        flowId,
        flowVersionId: versions[0]!.id,
        version: 1,
        trigger: "API",
        status: status as never,
        error: status === "FAILED" ? `broke ${daysAgo} days ago` : null,
        createdAt,
        startedAt: createdAt,
        finishedAt: ["RUNNING", "PENDING"].includes(status)
          ? null
          : new Date(createdAt.getTime() + seconds * 1000),
      },
    });
  }

  beforeAll(async () => {
    const team = await createTeamWithOwner("Dashboards");
    caller = team.caller;
    teamId = team.team.id;
    nightly = (await caller.flow.import({ document: flowDocument({ name: "Nightly" }) })).id;
    hourly = (await caller.flow.import({ document: flowDocument({ name: "Hourly" }) })).id;
    // Today: Nightly 1 s, 2 s, 3 s, 4 s completed and one failed (10 s); Hourly cancelled, running.
    for (const seconds of [1, 2, 3, 4]) await run(nightly, "COMPLETED", 0, seconds);
    await run(nightly, "FAILED", 0, 10);
    await run(hourly, "CANCELLED", 0, 1);
    await run(hourly, "RUNNING", 0, 0);
    // Three days ago: one failure of Hourly. Forty days ago: outside 30 days, inside 90.
    await run(hourly, "FAILED", 3, 5);
    await run(nightly, "COMPLETED", 40, 7);
    // Another team's runs never count.
    const other = await createTeamWithOwner("Elsewhere");
    await other.caller.flow.import({ document: flowDocument({ name: "Theirs" }) });
  });

  it("counts the team's runs per day with success rate and duration percentiles", async () => {
    const stats = await caller.run.stats({ days: 30 });
    expect(stats.perDay).toHaveLength(30);
    expect(stats.perDay.at(-1)).toMatchObject({
      day: new Date(today()).toISOString().slice(0, 10),
      completed: 4,
      failed: 1,
      cancelled: 1,
      other: 1,
    });
    // p50 and p95 of 1, 2, 3, 4, 10 and the cancelled 1 s (continuous percentiles).
    expect(stats.perDay.at(-1)!.p50).toBeCloseTo(2.5);
    expect(stats.perDay.at(-1)!.p95).toBeCloseTo(8.5);
    expect(stats.perDay.at(-4)).toMatchObject({ completed: 0, failed: 1 });
    expect(stats.perDay.at(-2)).toMatchObject({ completed: 0, failed: 0, p50: null });
    expect(stats.totals).toMatchObject({
      runs: 8,
      completed: 4,
      failed: 2,
      cancelled: 1,
      other: 1,
    });
    expect(stats.totals.successRate).toBeCloseTo(4 / 6);
    // Over the period: 1, 1, 2, 3, 4, 5 and 10 s.
    expect(stats.totals.p50).toBeCloseTo(3);
    expect(stats.totals.p95).toBeCloseTo(8.5);
    expect(stats.recentFailures.map((run) => run.error)).toEqual([
      "broke 0 days ago",
      "broke 3 days ago",
    ]);
    expect(stats.flows.map((flow) => [flow.name, flow.runs, flow.failed])).toEqual([
      ["Nightly", 5, 1],
      ["Hourly", 3, 1],
    ]);
  });

  it("narrows to one flow and to the period", async () => {
    const flow = await caller.run.stats({ flowId: nightly, days: 90 });
    expect(flow.perDay).toHaveLength(90);
    expect(flow.totals).toMatchObject({ runs: 6, completed: 5, failed: 1 });
    expect(flow.flows).toEqual([]);
    expect(flow.recentFailures).toHaveLength(1);
    const week = await caller.run.stats({ flowId: hourly, days: 7 });
    expect(week.totals).toMatchObject({ runs: 3, failed: 1, cancelled: 1 });
    expect(week.totals.successRate).toBe(0);
  });

  it("names a bad period, and another team's flow is not found", async () => {
    await expect(caller.run.stats({ days: 12 })).rejects.toThrow(/days must be one of 7, 30, 90/);
    await expect(caller.run.stats({ days: "30" as never })).rejects.toThrow(/days/);
    const other = await createTeamWithOwner("Strangers");
    await expect(other.caller.run.stats({ flowId: nightly })).rejects.toThrow("Flow not found");
    expect((await other.caller.run.stats({})).totals.runs).toBe(0);
  });
});
