// The local server's state, statement by statement, where a race once wedged runs.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { Store, type InngestEvent } from "@/server/local-inngest/store";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
afterAll(() => pool.end());
const store = new Store(pool);
const newRun = (id: string, functionId: string, event: InngestEvent, more = {}) => ({
  id,
  functionId,
  event,
  concurrencyKey: null,
  now: new Date(),
  timeoutAt: null,
  ...more,
});

describe("local Inngest store: a parallel plan's pending steps", () => {
  const event = { id: "e", name: "test/plan", data: {}, ts: 0 };

  it("a step that ended before its plan was saved is not waited for (race-mode discoveries)", async () => {
    await store.createRun(newRun("run-plan", "fn", event));
    // A sibling's discovery call began while y was running; y ends, then that call reports y and z.
    expect(await store.memoize("run-plan", "y", { data: 1 })).toEqual({
      saved: true,
      pending: false,
    });
    await store.savePending("run-plan", ["y", "z"]);
    const { rows } = await pool.query(`SELECT pending FROM inngest_run WHERE id = 'run-plan'`);
    expect(rows[0].pending).toEqual(["z"]);
    // When z ends, nothing is pending: the next discovery is scheduled.
    expect(await store.memoize("run-plan", "z", { data: 2 })).toEqual({
      saved: true,
      pending: false,
    });
  });
});

describe("local Inngest store: a run and its idempotency key", () => {
  const event = { id: "run-x", name: "test/start", data: {}, ts: 0 };
  const runsOf = async (functionId: string) =>
    (await pool.query(`SELECT id FROM inngest_run WHERE function_id = $1`, [functionId])).rows;

  it("starts one run per key; the key is never recorded without its run", async () => {
    const now = new Date();
    const keyed = (id: string, key: string) =>
      newRun(id, "fn-key", event, { now, idempotencyKey: key });
    const first = await store.createRun(keyed("run-key-1", "run:fn-key:x"));
    expect(first).toMatchObject({ run_id: "run-key-1", kind: "call", run: { status: "Running" } });
    expect(await store.createRun(keyed("run-key-2", "run:fn-key:x"))).toBeNull();
    expect(await runsOf("fn-key")).toEqual([{ id: "run-key-1" }]);
    // The run cannot be written (its id is taken): its key stays new, so a repeat still starts it.
    await expect(store.createRun(keyed("run-key-1", "run:fn-key:y"))).rejects.toThrow(
      /duplicate key/,
    );
    expect(await store.newKeys(["run:fn-key:y"], now)).toEqual(new Set(["run:fn-key:y"]));
  });

  it("a run called at once has its first call leased, out of the queue's reach; a restart gives it back", async () => {
    const now = new Date();
    const called = await store.createRun(
      newRun("run-direct", "fn-direct", event, { now, leased: true }),
    );
    expect(called!.run.started_at).toEqual(now);
    const dueIds = async () =>
      (await store.dueItems(new Date(now.getTime() + 1), 100)).map((item) => item.id);
    expect(await dueIds()).not.toContain(called!.id);
    await store.releaseLeases();
    expect(await dueIds()).toContain(called!.id);
  });
});
