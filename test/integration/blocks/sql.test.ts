import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "@/server/blocks/sql";
import { databaseThroughProxy } from "../../support/tcp-proxy";
import { blockContext } from "./context";

// The block talks to this test file's PostgreSQL database through a connection-string secret and a
// loopback forwarder (the database under DATABASE_URL itself is Weft's own, which blocks never reach).
const { url: warehouse } = await databaseThroughProxy();
const secrets = { WAREHOUSE_URL: warehouse.toString() };
const run = (config: Record<string, unknown>) =>
  runSql(blockContext({ connectionSecret: "WAREHOUSE_URL", ...config }, {}, secrets).ctx);
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  await admin.connect();
  await admin.query("CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, meta jsonb)");
});
afterAll(() => admin.end());

describe("sql.query", () => {
  it("loads rows in batches in one transaction, values bound as parameters", async () => {
    const rows = Array.from({ length: 1_203 }, (_, i) => ({
      id: i + 1,
      customer: i === 7 ? "x'); DROP TABLE orders; --" : `c${i}`,
      meta: { n: i },
    }));
    const { ctx, logs } = blockContext(
      {
        connectionSecret: "WAREHOUSE_URL",
        mode: "load",
        table: "public.orders",
        rows,
        batchSize: 500,
      },
      {},
      secrets,
    );
    expect((await runSql(ctx)).output).toEqual({ inserted: 1_203, batches: 3 });
    expect(logs.map((l) => l.message)).toEqual([
      "Inserted rows 1–500 of 1203",
      "Inserted rows 501–1000 of 1203",
      "Inserted rows 1001–1203 of 1203",
    ]);
    const { rows: check } = await admin.query(
      "SELECT count(*)::int AS n, max(meta->>'n') AS m FROM orders",
    );
    expect(check[0]).toEqual({ n: 1_203, m: "999" });
  });

  it("queries with bound parameters: a value never becomes SQL", async () => {
    const { output } = await run({
      query: "SELECT id, customer FROM orders WHERE customer = $1 OR id = $2 ORDER BY id",
      params: ["x'); DROP TABLE orders; --", 3],
    });
    expect(output).toEqual({
      rows: [
        { id: 3, customer: "c2" },
        { id: 8, customer: "x'); DROP TABLE orders; --" },
      ],
      rowCount: 2,
      fields: ["id", "customer"],
    });
  });

  it("rolls a failed load back whole", async () => {
    await expect(
      run({
        mode: "load",
        table: "orders",
        rows: [
          { id: 5000, customer: "new" },
          { id: 1, customer: "duplicate" },
        ],
      }),
    ).rejects.toThrow(/nothing was inserted: duplicate key/);
    expect(
      (await admin.query("SELECT count(*)::int AS n FROM orders WHERE id = 5000")).rows[0].n,
    ).toBe(0);
  });

  it.each([
    [
      { mode: "load", table: "orders; DROP TABLE orders", rows: [] },
      /config.table: .* is not a table name/,
    ],
    [{ mode: "load", table: "orders", rows: "nope" }, /config.rows: must be a list of objects/],
    [
      { mode: "load", table: "orders", rows: [{ "id) VALUES (1); --": 1 }] },
      /is not a column name/,
    ],
    [{ query: "SELECT $1", params: "x" }, /config.params: must be a list/],
    [{ query: "SELEC 1" }, /The query failed: syntax error/],
    [{ connectionSecret: "" }, /config.connectionId: choose a PostgreSQL connection/],
  ])("refuses %j clearly", async (config, message) => {
    await expect(run(config)).rejects.toThrow(message);
  });
});
