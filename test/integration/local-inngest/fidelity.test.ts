// The local server behaves as Inngest's (inngest/inngest, read from its source): which failures are
// retried and when, the run limits, ops checked when they arrive, the checkpoint contract,
// lifecycle and cron events, event deduplication, CEL and run timeouts.
import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

describe("local Inngest server: fidelity to Inngest's server", async () => {
  const seen: Record<string, unknown[]> = {};
  const record = (key: string, value: unknown) => (seen[key] ??= []).push(value);
  let releaseBlocked: () => void = () => undefined;
  let releaseFirst: () => void = () => undefined;

  const h = await startHarness(
    (client) => [
      client.createFunction(
        { id: "proxied", triggers: [{ event: "f/proxied" }] },
        async () => "ok",
      ),
      client.createFunction({ id: "denied", triggers: [{ event: "f/denied" }] }, async () => "ok"),
      client.createFunction(
        { id: "backoff", triggers: [{ event: "f/backoff" }] },
        async ({ step }) =>
          step.run("fails", () => {
            throw new Error("down");
          }),
      ),
      client.createFunction({ id: "many", triggers: [{ event: "f/many" }] }, async ({ step }) => {
        for (let i = 0; i < 1001; i++) await step.run(`s${i}`, () => i);
        return "too far";
      }),
      client.createFunction(
        { id: "big", triggers: [{ event: "f/big" }] },
        async ({ step }) => (await step.run("big", () => "x".repeat(4 * 1024 * 1024 + 10))).length,
      ),
      client.createFunction({ id: "long", triggers: [{ event: "f/long" }] }, async ({ step }) => {
        await step.sleep("long", "400d");
      }),
      client.createFunction({ id: "zero", triggers: [{ event: "f/zero" }] }, async ({ step }) => {
        await step.sleep("none", 0);
        return "woke";
      }),
      client.createFunction({ id: "bad-if", triggers: [{ event: "f/bad-if" }] }, async ({ step }) =>
        step.waitForEvent("w", { event: "f/shared", timeout: "1h", if: "async.data.x ==" }),
      ),
      client.createFunction(
        { id: "shared-listener", triggers: [{ event: "f/shared" }] },
        async ({ event }) => record("shared", event.data),
      ),
      client.createFunction(
        { id: "blocked", triggers: [{ event: "f/blocked" }] },
        async ({ step }) =>
          step.run(
            "wait-for-test",
            () => new Promise<string>((resolve) => (releaseBlocked = () => resolve("done"))),
          ),
      ),
      client.createFunction(
        {
          id: "lifecycle",
          triggers: [
            { event: "inngest/function.finished" },
            { event: "inngest/function.failed" },
            { event: "inngest/function.cancelled" },
          ],
        },
        async ({ event }) => record(event.name, event),
      ),
      client.createFunction(
        { id: "fails", retries: 0, triggers: [{ event: "f/fails" }] },
        async () => {
          throw new Error("broken");
        },
      ),
      ...["one", "two"].map((id) =>
        client.createFunction(
          { id: `dedupe-${id}`, triggers: [{ event: "f/dedupe" }] },
          async ({ event }) => record(`dedupe-${id}`, event.id),
        ),
      ),
      client.createFunction({ id: "waiter", triggers: [{ event: "f/waiter" }] }, async ({ step }) =>
        step.waitForEvent("w", { event: "f/dedupe", timeout: "1h" }),
      ),
      client.createFunction(
        {
          id: "tags",
          triggers: [{ event: "f/tags", if: "event.data.tags.exists(t, t == 'urgent')" }],
        },
        async ({ event }) => record("tags", event.data),
      ),
      client.createFunction(
        {
          id: "finish-timeout",
          timeouts: { finish: "10s" },
          triggers: [{ event: "f/finish-timeout" }],
        },
        async ({ step }) => {
          await step.sleep("nap", "1h");
          return "never";
        },
      ),
      client.createFunction(
        {
          id: "start-timeout",
          timeouts: { start: "5s" },
          concurrency: 1,
          triggers: [{ event: "f/start-timeout" }],
        },
        async ({ step }) =>
          step.run("hold", () => new Promise<void>((resolve) => (releaseFirst = resolve))),
      ),
      client.createFunction(
        { id: "stoppable", cancelOn: [{ event: "f/stop" }], triggers: [{ event: "f/stoppable" }] },
        async ({ step }) => {
          await step.sleep("nap", "1h");
        },
      ),
      client.createFunction({ id: "cron", triggers: [{ cron: "* * * * *" }] }, async ({ event }) =>
        record("cron", event),
      ),
      client.createFunction(
        {
          id: "buffered",
          checkpointing: { bufferedSteps: 3 },
          triggers: [{ event: "f/buffered" }],
        },
        async ({ event, step }) => {
          for (let i = 0; i < 5; i++)
            await step.run(`s${i}`, () => record(`buffered-${event.data.n}`, i));
          return "done";
        },
      ),
    ],
    { record: true },
  );
  const runOf = async (fnId: string) =>
    (
      await h.db.query<{ id: string; status: string; error: { message?: string } | null }>(
        `SELECT id, status, error FROM inngest_run WHERE function_id = $1 ORDER BY id`,
        [`test-app-${fnId}`],
      )
    ).rows;
  const callsOf = (fnId: string) => h.calls.filter((call) => call.fnId === `test-app-${fnId}`);

  it("retries a 429 from a proxy in front of the app (any non-2xx is retried)", async () => {
    h.intercept = (call) =>
      call.fnId === "test-app-proxied" && callsOf("proxied").length === 1
        ? { status: 429, body: "Too Many Requests" }
        : undefined;
    await h.client.send({ name: "f/proxied" });
    expect(await h.ended("proxied", { fastForward: true })).toMatchObject({
      status: "Completed",
      output: "ok",
    });
    expect(callsOf("proxied").map((call) => [call.status, call.body.ctx.attempt])).toEqual([
      [429, 0],
      [expect.any(Number), 1],
    ]);
  });

  it("does not retry when the answer says X-Inngest-No-Retry: true", async () => {
    h.intercept = (call) =>
      call.fnId === "test-app-denied"
        ? { status: 401, headers: { "x-inngest-no-retry": "true" }, body: "nope" }
        : undefined;
    await h.client.send({ name: "f/denied" });
    const run = await h.ended("denied", { fastForward: true });
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toContain("HTTP 401");
    expect(callsOf("denied")).toHaveLength(1);
    h.intercept = undefined;
  });

  it("waits 15–45 s before the first retry (Inngest's backoff table), not a second", async () => {
    await h.client.send({ name: "f/backoff" });
    const retry = await eventually(async () => {
      const { rows } = await h.db.query<{ available_at: Date }>(
        `SELECT q.available_at FROM inngest_queue_item q JOIN inngest_run r ON r.id = q.run_id
         WHERE r.function_id = 'test-app-backoff' AND q.attempt = 1`,
      );
      return rows[0];
    });
    const delay = new Date(retry.available_at).getTime() - h.clock.now();
    expect(delay).toBeGreaterThan(14_000);
    expect(delay).toBeLessThanOrEqual(45_000);
  });

  it("fails a run that goes beyond 1,000 steps", async () => {
    await h.client.send({ name: "f/many" });
    const run = await h.ended("many", { timeoutMs: 60_000 });
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toBe("The function run exceeded the step limit of 1000 steps.");
    // As Inngest's executor, the limit is checked before each call: 1,000 results and no more.
    expect(Object.keys(run.steps).length).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(run.steps).length).toBeLessThanOrEqual(1001);
  }, 90_000);

  it("runs each step of a checkpointing SDK once: batched checkpoints, results with RunComplete", async () => {
    // Three steps are checkpointed together, the last two arrive with RunComplete: storing them must
    // not schedule a call that could run them again before the run completes.
    const runs = Array.from({ length: 8 }, (_, n) => ({ name: "f/buffered", data: { n } }));
    await h.client.send(runs);
    await eventually(
      async () =>
        (await runOf("buffered")).filter((run) => run.status === "Completed").length === 8,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let n = 0; n < 8; n++) expect(seen[`buffered-${n}`]).toEqual([0, 1, 2, 3, 4]);
    const { rows } = await h.db.query<{ stack: string[] }>(
      `SELECT stack FROM inngest_run WHERE function_id = 'test-app-buffered'`,
    );
    for (const row of rows) expect(row.stack).toHaveLength(5);
    expect(callsOf("buffered")).toHaveLength(8);
  });

  it("fails a run whose step returns more than 4 MB", async () => {
    await h.client.send({ name: "f/big" });
    const run = await h.ended("big", { timeoutMs: 20_000 });
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toMatch(/larger than the step output limit of 4194304 bytes/);
  });

  it("fails a run that sleeps beyond 366 days when the sleep arrives, naming the step", async () => {
    await h.client.send({ name: "f/long" });
    const run = await h.ended("long");
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toMatch(/step "long": "57w1d" is more than 366 days away/);
  });

  it("wakes a zero sleep at once", async () => {
    await h.client.send({ name: "f/zero" });
    expect(await h.ended("zero")).toMatchObject({ status: "Completed", output: "woke" });
  });

  it("a bad wait expression fails that run only; its event still reaches everyone else", async () => {
    await h.client.send({ name: "f/bad-if" });
    const run = await h.ended("bad-if");
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toMatch(/step "w": not valid CEL/);
    const reply = await fetch(`${h.serverUrl}/e/key`, {
      method: "POST",
      body: JSON.stringify({ name: "f/shared", data: { x: 1 } }),
    });
    expect(reply.status).toBe(200);
    await eventually(async () => seen.shared?.length === 1);
  });

  it("takes StepRun and StepPlanned checkpoints; refuses others (400) and oversize ones (413)", async () => {
    await h.client.send({ name: "f/blocked" });
    const call = await eventually(async () => callsOf("blocked")[0]);
    const post = (steps: unknown[]) =>
      fetch(`${h.serverUrl}/v1/checkpoint/${call.body.ctx.run_id}/async`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ qi_id: call.body.ctx.qi_id, steps }),
      });
    const planned = await post([{ op: "StepPlanned", id: "p" }]);
    expect(planned.status, await planned.clone().text()).toBe(200);
    expect((await post([{ op: "StepRun", id: "early", data: 1 }])).status).toBe(200);
    const refused = await post([{ op: "RunComplete", id: "end", data: 1 }]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining("RunComplete") });
    expect((await post([{ op: "Sleep", id: "nap" }])).status).toBe(400);
    expect((await post([{ op: "StepRun", id: "huge", data: "x".repeat(3_500_000) }])).status).toBe(
      413,
    );
    releaseBlocked();
    const run = await h.ended("blocked");
    expect(run.status).toBe("Completed");
    expect(run.steps).toHaveProperty("early");
    expect(run.steps).not.toHaveProperty("p");
  });

  it("sends function.finished for every run, plus function.failed with the run id as its id", async () => {
    type Lifecycle = { id: string; data: Record<string, unknown> & { run_id: string } };
    const events = (name: string) => (seen[`inngest/function.${name}`] ?? []) as Lifecycle[];
    await h.client.send({ name: "f/fails" });
    const [failedRun] = await runOf("fails");
    const failed = await eventually(async () =>
      events("failed").find((event) => event.data.run_id === failedRun?.id),
    );
    expect(failed.id).toBe(failedRun!.id);
    expect(failed.data).toMatchObject({
      function_id: "test-app-fails",
      error: { message: "broken" },
      events: [{ name: "f/fails" }],
      _inngest: { status: "Failed" },
    });
    const finished = await eventually(async () =>
      events("finished").find((event) => event.data.run_id === failedRun!.id),
    );
    expect(finished.data).toMatchObject({ _inngest: { status: "Failed" } });
    // Its id was made here, so it cannot come again: no idempotency key is written for it.
    const key = await h.db.query(`SELECT 1 FROM inngest_event_id WHERE id = $1`, [
      `event:${finished.id}`,
    ]);
    expect(key.rowCount).toBe(0);
  });

  it("an event id starts one run per function; the event still resumes a wait", async () => {
    await h.client.send({ name: "f/waiter" });
    await eventually(async () => (await h.db.query(`SELECT 1 FROM inngest_wait`)).rowCount === 1);
    await h.client.send({ name: "f/dedupe", id: "same-id", data: { n: 1 } });
    await eventually(
      async () => seen["dedupe-one"]?.length === 1 && seen["dedupe-two"]?.length === 1,
    );
    expect(await h.ended("waiter")).toMatchObject({ status: "Completed" });
    await h.client.send({ name: "f/waiter" });
    await eventually(async () => (await h.db.query(`SELECT 1 FROM inngest_wait`)).rowCount === 1);
    await h.client.send({ name: "f/dedupe", id: "same-id", data: { n: 2 } });
    await eventually(async () =>
      (await runOf("waiter")).every((run) => run.status === "Completed"),
    );
    expect(seen["dedupe-one"]).toHaveLength(1);
    expect(seen["dedupe-two"]).toHaveLength(1);
  });

  it("a send retried with the same x-inngest-event-id-seed is taken once", async () => {
    const send = () =>
      fetch(`${h.serverUrl}/e/key`, {
        method: "POST",
        headers: {
          "x-inngest-event-id-seed": `1700000000000,${Buffer.alloc(10, 7).toString("base64")}`,
        },
        body: JSON.stringify([{ name: "f/tags", data: { tags: ["urgent"], n: 1 } }]),
      });
    const first = (await (await send()).json()) as { ids: string[] };
    const second = (await (await send()).json()) as { ids: string[] };
    expect(second.ids).toEqual(first.ids);
    await eventually(async () => seen.tags?.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.tags).toHaveLength(1);
  });

  it("evaluates full CEL in trigger expressions", async () => {
    await h.client.send({ name: "f/tags", data: { tags: ["later"], n: 2 } });
    await h.client.send({ name: "f/tags", data: { tags: ["x", "urgent"], n: 3 } });
    await eventually(async () => seen.tags?.length === 2);
    expect((seen.tags as { n: number }[]).map((data) => data.n)).toEqual([1, 3]);
  });

  /** Starts `fnId`, cancels it with `cancel` once called, and expects function.cancelled. */
  async function cancelledOnceCalled(fnId: string, cancel: () => unknown) {
    await h.client.send({ name: `f/${fnId}` });
    await eventually(async () => callsOf(fnId).length === 1);
    await cancel();
    const run = await h.ended(fnId);
    expect(run.status).toBe("Cancelled");
    await eventually(async () =>
      (seen["inngest/function.cancelled"] as { id: string }[] | undefined)?.some(
        (event) => event.id === run.id,
      ),
    );
  }

  it("cancels a run still going after its finish timeout, and says so", () =>
    cancelledOnceCalled("finish-timeout", () => h.clock.advance(11_000)));

  it("a run cancelled by its cancelOn event sends function.cancelled too", () =>
    cancelledOnceCalled("stoppable", () => h.client.send({ name: "f/stop" })));

  it("cancels a run not started within its start timeout, without calling the app", async () => {
    await h.client.send({ name: "f/start-timeout", data: { n: 1 } });
    await eventually(async () => callsOf("start-timeout").length === 1);
    await h.client.send({ name: "f/start-timeout", data: { n: 2 } });
    await eventually(async () => (await runOf("start-timeout")).length === 2);
    h.clock.advance(6_000);
    await eventually(async () => (await runOf("start-timeout"))[1]?.status === "Cancelled");
    expect(callsOf("start-timeout")).toHaveLength(1);
    releaseFirst();
  });

  it("fires a cron with scheduledAt and fireAt, the slot's time as the event id", async () => {
    h.clock.advance(61_000);
    const cron = await eventually(
      async () => seen.cron?.[0] as { id: string; data: Record<string, string> } | undefined,
    );
    expect(cron.data).toMatchObject({ cron: "* * * * *" });
    expect(cron.data.scheduledAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    expect(cron.data.fireAt).toBe(cron.data.scheduledAt);
    expect(cron.id).toBe(cron.data.scheduledAt);
  });
});
