import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

describe("local Inngest server: sleeps and waits", async () => {
  const h = await startHarness((client) => [
    client.createFunction(
      { id: "sleeper", triggers: [{ event: "test/sleep" }] },
      async ({ step }) => {
        const before = await step.run("before", () => "before");
        await step.sleep("nap", "1h");
        return [before, await step.run("after", () => "after")];
      },
    ),
    client.createFunction(
      { id: "approver", triggers: [{ event: "test/order" }] },
      async ({ event, step }) => {
        const approval = await step.waitForEvent("approval", {
          event: "test/approved",
          match: "data.orderId",
          timeout: "1d",
        });
        return approval
          ? { approvedBy: (approval.data as { by: string }).by, order: event.data }
          : "timed out";
      },
    ),
    client.createFunction(
      { id: "impatient", triggers: [{ event: "test/ask" }] },
      async ({ step }) => {
        const answer = await step.waitForEvent("answer", { event: "test/answer", timeout: "2h" });
        return answer ?? "timed out";
      },
    ),
  ]);

  const running = async (fnId: string) => {
    const { rows } = await h.db.query(
      `SELECT id, steps FROM inngest_run WHERE function_id = $1 AND status = 'Running'`,
      [`test-app-${fnId}`],
    );
    return rows[0] as { id: string; steps: Record<string, unknown> } | undefined;
  };

  it("a sleep is a durable timer: the run waits until the clock passes it", async () => {
    await h.client.send({ name: "test/sleep" });
    const rows = await eventually(async () => {
      const { rows } = await h.db.query(`SELECT kind, available_at FROM inngest_queue_item`);
      return rows.length === 1 && rows[0]?.kind === "wake" && rows;
    });
    expect(Object.keys((await running("sleeper"))?.steps ?? {})).toHaveLength(1);
    expect(new Date(rows[0]?.available_at).getTime() - h.clock.now()).toBeGreaterThan(59 * 60_000);

    h.clock.advance(60 * 60_000 + 1000);
    expect(await h.ended("sleeper")).toMatchObject({
      status: "Completed",
      output: ["before", "after"],
    });
  });

  it("waitForEvent resumes with the matching event, ignoring others", async () => {
    await h.client.send({ name: "test/order", data: { orderId: "o-1" } });
    await eventually(async () => (await h.db.query(`SELECT 1 FROM inngest_wait`)).rowCount === 1);
    await h.client.send({ name: "test/approved", data: { orderId: "o-2", by: "mallory" } });
    await h.client.send({ name: "test/approved", data: { orderId: "o-1", by: "ada" } });
    expect(await h.ended("approver")).toMatchObject({
      status: "Completed",
      output: { approvedBy: "ada", order: { orderId: "o-1" } },
    });
  });

  it("a wait returns null once its timeout passes", async () => {
    await h.client.send({ name: "test/ask" });
    await eventually(
      async () =>
        (
          await h.db.query(
            `SELECT 1 FROM inngest_wait WHERE step_id IS NOT NULL AND event_name = 'test/answer'`,
          )
        ).rowCount === 1,
    );
    h.clock.advance(2 * 60 * 60_000 + 1000);
    expect(await h.ended("impatient")).toMatchObject({ status: "Completed", output: "timed out" });
    expect(
      (await h.db.query(`SELECT 1 FROM inngest_wait WHERE event_name = 'test/answer'`)).rowCount,
    ).toBe(0);
  });
});

describe("local Inngest server: an idle queue", async () => {
  // An idle look far longer than the nap: a nap that ends on time was woken by its due time.
  const h = await startHarness(
    (client) => [
      client.createFunction(
        { id: "napper", triggers: [{ event: "test/nap" }] },
        async ({ step }) => {
          await step.sleep("nap", "1s");
          return "rested";
        },
      ),
    ],
    { idleLookMs: 5_000 },
  );

  it("is not polled while nothing is due, and still wakes when a sleep ends", async () => {
    const dueItems = h.store.dueItems.bind(h.store);
    let looks = 0;
    h.store.dueItems = (...args) => {
      looks += 1;
      return dueItems(...args);
    };
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      // This harness's 5 ms poll would have looked ~600 times.
      expect(looks).toBeLessThanOrEqual(2);

      const sent = Date.now();
      await h.client.send({ name: "test/nap" });
      expect(await h.ended("napper")).toMatchObject({ status: "Completed", output: "rested" });
      const took = Date.now() - sent;
      expect(took).toBeGreaterThanOrEqual(1_000);
      expect(took).toBeLessThan(4_000);
    } finally {
      h.store.dueItems = dueItems;
    }
  });
});
