import "server-only";
import type pg from "pg";
import { openPostgres, postgresSettings } from "../connections/clients";
import { parsePostgresUrl } from "./connection-strings";
import { BlockError, type BlockContext, type BlockRunner } from "./types";

const IDENTIFIER = /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/;
const DEFAULT_BATCH = 500;
const MAX_ROWS_OUT = 10_000;

const quote = (name: string) =>
  name
    .split(".")
    .map((part) => `"${part}"`)
    .join(".");

/** The database: the node's PostgreSQL connection, or (older flows) a connection-string secret. */
async function settingsOf(ctx: BlockContext) {
  const values = await ctx.connection?.("postgres");
  if (values) return postgresSettings(values);
  const secret = String(ctx.config.connectionSecret ?? "");
  if (!secret)
    throw new BlockError(
      "config.connectionId: choose a PostgreSQL connection (or a secret that holds a connection string)",
      false,
    );
  return parsePostgresUrl(ctx.secret(secret), "config.connectionSecret");
}

async function connect(ctx: BlockContext) {
  const client = await openPostgres(await settingsOf(ctx), {
    statementTimeoutMs: ctx.timeLeftMs(),
  });
  const abort = () => void client.end().catch(() => undefined);
  ctx.signal.addEventListener("abort", abort, { once: true });
  return {
    client,
    close: async () => {
      ctx.signal.removeEventListener("abort", abort);
      await client.end().catch(() => undefined);
    },
  };
}

/** Rows in, in batches inside one transaction: every value is a bound parameter. */
async function load(client: pg.Client, ctx: BlockContext) {
  const table = String(ctx.config.table ?? "");
  if (!IDENTIFIER.test(table))
    throw new BlockError(
      `config.table: "${table}" is not a table name like orders or public.orders`,
      false,
    );
  const rows = ctx.config.rows;
  if (
    !Array.isArray(rows) ||
    rows.some((row) => !row || typeof row !== "object" || Array.isArray(row))
  )
    throw new BlockError(
      "config.rows: must be a list of objects (e.g. {{ nodes.fetch.output.body }})",
      false,
    );
  if (rows.length === 0) return { inserted: 0, batches: 0 };
  const columns = Object.keys(rows[0] as object);
  const bad = columns.find((column) => !IDENTIFIER.test(column) || column.includes("."));
  if (bad) throw new BlockError(`config.rows: "${bad}" is not a column name`, false);
  const batchSize = Math.max(1, Math.min(5_000, Number(ctx.config.batchSize ?? DEFAULT_BATCH)));
  let batches = 0;
  await client.query("BEGIN");
  try {
    for (let first = 0; first < rows.length; first += batchSize) {
      const batch = rows.slice(first, first + batchSize) as Record<string, unknown>[];
      const values: unknown[] = [];
      const tuples = batch.map(
        (row) =>
          `(${columns
            .map((column) => {
              const value = row[column];
              values.push(
                value !== null && typeof value === "object"
                  ? JSON.stringify(value)
                  : (value ?? null),
              );
              return `$${values.length}`;
            })
            .join(", ")})`,
      );
      await client.query(
        `INSERT INTO ${quote(table)} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`,
        values,
      );
      batches += 1;
      ctx.log("info", `Inserted rows ${first + 1}–${first + batch.length} of ${rows.length}`);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new BlockError(
      `Loading into ${table} failed, nothing was inserted: ${(error as Error).message}`,
      false,
    );
  }
  return { inserted: rows.length, batches };
}

export const runSql: BlockRunner = async (ctx) => {
  const { client, close } = await connect(ctx);
  try {
    if (ctx.config.mode === "load") return { output: await load(client, ctx) };
    const text = String(ctx.config.query ?? "");
    const params = ctx.config.params ?? [];
    if (!Array.isArray(params))
      throw new BlockError("config.params: must be a list of values for $1, $2, …", false);
    let result: pg.QueryResult;
    try {
      result = await client.query({ text, values: params });
    } catch (error) {
      throw new BlockError(`The query failed: ${(error as Error).message}`, false);
    }
    if (result.rows.length > MAX_ROWS_OUT)
      throw new BlockError(
        `The query returned ${result.rows.length} rows; a node may output at most ${MAX_ROWS_OUT}`,
        false,
      );
    return {
      output: {
        rows: result.rows,
        rowCount: result.rowCount ?? result.rows.length,
        fields: result.fields.map((f) => f.name),
      },
    };
  } finally {
    await close();
  }
};
