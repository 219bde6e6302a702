import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

describe("local Inngest server: cancellation, concurrency and cron", async () => {
  let active = 0;
  let peak = 0;
  const cronRuns: string[] = [];

  const h = await startHarness((client) => [
    client.createFunction(
      {
        id: "import",
        triggers: [{ event: "test/import" }],
        cancelOn: [{ event: "test/import.cancel", match: "data.importId" }],
      },
      async ({ step }) => {
        await step.run("first", () => "first");
        await step.sleep("wait", "1h");
        return step.run("second", () => "second");
      },
    ),
    client.createFunction(
      { id: "limited", concurrency: { limit: 2 }, triggers: [{ event: "test/limited" }] },
      async ({ step }) =>
        step.run("work", async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 80));
          active -= 1;
          return "done";
        }),
    ),
    client.createFunction(
      { id: "nightly", triggers: [{ cron: "TZ=Europe/Paris 0 3 * * *" }] },
      async ({ event, step }) =>
        step.run("report", () => {
          cronRuns.push(event.name);
          return event.data;
        }),
    ),
  ]);

  it("cancelOn cancels the matching run only, and it never resumes", async () => {
    await h.client.send([
      { name: "test/import", data: { importId: "keep" } },
      { name: "test/import", data: { importId: "stop" } },
    ]);
    await eventually(
      async () =>
        (await h.db.query(`SELECT 1 FROM inngest_queue_item WHERE kind = 'wake'`)).rowCount === 2,
    );
    await h.client.send({ name: "test/import.cancel", data: { importId: "stop" } });
    const cancelled = await eventually(async () => {
      const { rows } = await h.db.query(`SELECT event FROM inngest_run WHERE status = 'Cancelled'`);
      return rows[0] as { event: { data: { importId: string } } } | undefined;
    });
    expect(cancelled.event.data.importId).toBe("stop");
    h.clock.advance(2 * 60 * 60_000);
    const completed = await eventually(async () => {
      const { rows } = await h.db.query(
        `SELECT event, output FROM inngest_run WHERE function_id = 'test-app-import' AND status = 'Completed'`,
      );
      return rows[0] as { event: { data: { importId: string } }; output: string } | undefined;
    });
    expect(completed).toMatchObject({ event: { data: { importId: "keep" } }, output: "second" });
    expect(
      (
        await h.db.query(
          `SELECT status FROM inngest_run WHERE function_id = 'test-app-import' ORDER BY status`,
        )
      ).rows,
    ).toEqual([{ status: "Cancelled" }, { status: "Completed" }]);
  });

  it("a concurrency limit of 2 never runs more than 2 steps of the function at once", async () => {
    await h.client.send(
      Array.from({ length: 6 }, (_, i) => ({ name: "test/limited", data: { i } })),
    );
    await eventually(async () => {
      const { rows } = await h.db.query(
        `SELECT count(*)::int AS n FROM inngest_run WHERE function_id = 'test-app-limited' AND status = 'Completed'`,
      );
      return rows[0]?.n === 6;
    });
    expect(peak).toBe(2);
  });

  it("a cron trigger fires at its next slot in its time zone, once per slot", async () => {
    // The first test moves the clock 2 hours: between 01:00 and 03:00 in Paris that passes a slot.
    cronRuns.length = 0;
    const { rows } = await h.db.query(
      `SELECT cron_next_at FROM inngest_function WHERE id = 'test-app-nightly'`,
    );
    const next = new Date(rows[0]?.cron_next_at);
    expect(next.toLocaleTimeString("en-GB", { timeZone: "Europe/Paris" })).toBe("03:00:00");
    h.clock.advance(next.getTime() - h.clock.now() + 1000);
    const run = await h.ended("nightly");
    expect(run).toMatchObject({
      status: "Completed",
      output: { cron: "TZ=Europe/Paris 0 3 * * *" },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cronRuns).toEqual(["inngest/scheduled.timer"]);
    const after = new Date(
      (await h.db.query(`SELECT cron_next_at FROM inngest_function WHERE id = 'test-app-nightly'`))
        .rows[0]?.cron_next_at,
    );
    expect(after.getTime() - next.getTime()).toBeGreaterThanOrEqual(23 * 60 * 60_000);
    expect(after.toLocaleTimeString("en-GB", { timeZone: "Europe/Paris" })).toBe("03:00:00");
  });
});
