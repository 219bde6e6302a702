// The local server's state, statement by statement, where a race once wedged runs.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { Store } from "@/server/local-inngest/store";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
afterAll(() => pool.end());
const store = new Store(pool);

describe("local Inngest store: a parallel plan's pending steps", () => {
  const event = { id: "e", name: "test/plan", data: {}, ts: 0 };

  it("a step that ended before its plan was saved is not waited for (race-mode discoveries)", async () => {
    await store.createRun("run-plan", "fn", event, null, new Date(), null);
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
    expect(
      await store.createRun("run-key-1", "fn-key", event, null, now, null, "run:fn-key:x"),
    ).toBe(true);
    expect(
      await store.createRun("run-key-2", "fn-key", event, null, now, null, "run:fn-key:x"),
    ).toBe(false);
    expect(await runsOf("fn-key")).toEqual([{ id: "run-key-1" }]);
    // The run cannot be written (its id is taken): its key stays new, so a repeat still starts it.
    await expect(
      store.createRun("run-key-1", "fn-key", event, null, now, null, "run:fn-key:y"),
    ).rejects.toThrow(/duplicate key/);
    expect(await store.newKeys(["run:fn-key:y"], now)).toEqual(new Set(["run:fn-key:y"]));
  });
});
