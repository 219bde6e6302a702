// The runs list (the runs page and GET /api/v1/runs): its order, pages, filters and fields.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Run } from "@/server/db/generated/client";
import { newRunId } from "@/server/engine/runs";
import { listRuns } from "@/server/runs/read-runs";
import { listRunsInput } from "@/lib/schemas/run";
import { createTeamWithOwner } from "../factories";

type Status = "COMPLETED" | "FAILED" | "RUNNING";
type Trigger = "API" | "MANUAL" | "TEST";

describe("the runs list", async () => {
  const { caller, team } = await createTeamWithOwner("Lists");
  const flows = [
    await caller.flow.create({ name: "first" }),
    await caller.flow.create({ name: "second" }),
  ];
  const version = (flowId: string) =>
    db().flowVersion.findFirstOrThrow({ where: { flowId, number: 1 } });
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
  // Three runs share a creation time: the list then orders them by id, newest first.
  const specs: [flow: 0 | 1, minute: number, Status, Trigger][] = [
    [0, 1, "COMPLETED", "API"],
    [1, 2, "FAILED", "MANUAL"],
    [0, 3, "COMPLETED", "TEST"],
    [0, 3, "RUNNING", "API"],
    [1, 3, "COMPLETED", "API"],
    [0, 3, "COMPLETED", "MANUAL"],
    [1, 4, "COMPLETED", "API"],
  ];
  const runs: Run[] = [];
  for (const [flow, minute, status, trigger] of specs) {
    const flowId = flows[flow]!.id;
    runs.push(
      await db().run.create({
        data: {
          id: newRunId(),
          teamId: team.id,
          flowId,
          flowVersionId: (await version(flowId)).id,
          version: 1,
          status,
          trigger,
          parameters: { minute },
          createdAt: at(minute),
          startedAt: at(minute),
          onlyNodes: minute === 2 ? ["a", "b"] : [],
        },
      }),
    );
  }
  const newestFirst = [...runs].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  /** Every page of a query, `limit` at a time, as the ids of each page. */
  async function pages(query: Record<string, unknown>, limit: number) {
    const out: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(team.id, listRunsInput.parse({ ...query, limit, cursor }));
      out.push(page.runs.map((run) => run.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  it("lists newest first, ties by id, in pages that neither skip nor repeat", async () => {
    const listed = newestFirst.filter((run) => run.trigger !== "TEST").map((run) => run.id);
    expect(await pages({}, 2)).toEqual([
      listed.slice(0, 2),
      listed.slice(2, 4),
      listed.slice(4, 6),
    ]);
    expect((await pages({}, 4)).flat()).toEqual(listed);
    expect(await pages({}, 100)).toEqual([listed]);
  });

  it("filters by flow, status, trigger and time, also across pages", async () => {
    const expectIds = (keep: (run: Run) => boolean) =>
      newestFirst.filter(keep).map((run) => run.id);
    const [first, second] = flows.map((flow) => flow.id);
    expect((await pages({ flowId: first }, 1)).flat()).toEqual(
      expectIds((run) => run.flowId === first && run.trigger !== "TEST"),
    );
    expect((await pages({ flowId: second, status: "COMPLETED" }, 1)).flat()).toEqual(
      expectIds((run) => run.flowId === second && run.status === "COMPLETED"),
    );
    expect((await pages({ trigger: "TEST" }, 1)).flat()).toEqual(
      expectIds((run) => run.trigger === "TEST"),
    );
    expect((await pages({ since: at(2), until: at(4) }, 2)).flat()).toEqual(
      expectIds((run) => run.trigger !== "TEST" && run.createdAt >= at(2) && run.createdAt < at(4)),
    );
    expect((await pages({ status: "CANCELLED" }, 5)).flat()).toEqual([]);
  });

  it("gives each run's fields with their types", async () => {
    const { runs: listed } = await listRuns(team.id, listRunsInput.parse({ status: "FAILED" }));
    const failed = runs[1]!;
    expect(listed).toEqual([
      {
        id: failed.id,
        flowId: flows[1]!.id,
        version: 1,
        status: "FAILED",
        trigger: "MANUAL",
        parameters: { minute: 2 },
        error: null,
        parentRunId: null,
        rerunOfId: null,
        onlyNodes: ["a", "b"],
        pinned: [],
        scheduleId: null,
        createdAt: at(2),
        startedAt: at(2),
        finishedAt: null,
        flow: { name: "second", latestVersion: 1 },
      },
    ]);
  });

  it("continues after a cursor that the filters leave out, and refuses another team's", async () => {
    const [, second] = flows.map((flow) => flow.id);
    // The newest run of the first flow continues a list of the second flow at its place.
    const cursor = newestFirst.find((run) => run.flowId !== second && run.trigger !== "TEST")!;
    const page = await listRuns(
      team.id,
      listRunsInput.parse({ flowId: second, cursor: cursor.id }),
    );
    const after = (run: Run) =>
      run.createdAt < cursor.createdAt ||
      (run.createdAt.getTime() === cursor.createdAt.getTime() && run.id < cursor.id);
    expect(page.runs.map((run) => run.id)).toEqual(
      newestFirst.filter((run) => run.flowId === second && after(run)).map((run) => run.id),
    );
    const other = await createTeamWithOwner("Others");
    await expect(
      listRuns(other.team.id, listRunsInput.parse({ cursor: cursor.id })),
    ).rejects.toMatchObject({ message: "cursor: not a position in this list", field: "cursor" });
  });
});
