import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";

/**
 * Backups of Weft's database as gzipped JSON lines: a header naming the migrations the schema was
 * at, then every table's rows, read in one REPEATABLE READ snapshot so the dump is consistent
 * while Weft keeps running. The embedded PostgreSQL package ships no `pg_dump`, so this is Weft's
 * own; a restore recreates the schema with Weft's migrations and loads the rows back.
 */

const FORMAT = "weft-backup";
const VERSION = 1;
const BATCH = 1_000;

interface Header {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
}

type Line = Header | { table: string; columns: string[] } | { row: unknown[] } | { end: true };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tablesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
     AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  return rows.map((row) => row.name);
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT migration_name AS name FROM _prisma_migrations
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row) => row.name);
}

/** The SQL types of `columns` of `table`, as casts; a column the schema lacks is an error. */
async function columnTypes(client: pg.Client, table: string, columns: string[]) {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [quote(table)],
  );
  const byName = new Map(rows.map((row) => [row.name, row.type]));
  return columns.map((column) => {
    const type = byName.get(column);
    if (!type)
      throw new Error(`the backup's table ${table} has a column ${column} this schema lacks`);
    return type;
  });
}

/** Serial columns' sequences continue after the highest restored value. */
async function continueSequences(client: pg.Client) {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT table_name AS table, column_name AS column,
       pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
     FROM information_schema.columns WHERE table_schema = 'public'
       AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
  );
  for (const { table, column, sequence } of rows)
    await client.query(
      `SELECT setval($1, COALESCE((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
      [sequence],
    );
}

/** Writes a consistent backup of the database at `url` to `file`; returns the row counts. */
export async function backupDatabase(url: string, file: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await tablesOf(client);
    const header: Header = {
      format: FORMAT,
      version: VERSION,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
    };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        const { rows: columns } = await client.query<{ name: string }>(
          `SELECT column_name AS name FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        );
        const names = columns.map((column) => column.name);
        yield `${JSON.stringify({ table, columns: names })}\n`;
        // Each value as its text form (json as JSON), so every type comes back exactly.
        const select = names.map((name) => `${quote(name)}::text`).join(", ");
        await client.query(
          `DECLARE dump NO SCROLL CURSOR FOR SELECT ${select} FROM ${quote(table)}`,
        );
        counts[table] = 0;
        for (;;) {
          const { rows } = await client.query({
            text: `FETCH ${BATCH} FROM dump`,
            rowMode: "array",
          });
          if (!rows.length) break;
          counts[table] += rows.length;
          yield rows.map((row) => `${JSON.stringify({ row })}\n`).join("");
        }
        await client.query("CLOSE dump");
      }
      yield `${JSON.stringify({ end: true })}\n`;
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file));
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return counts;
}

/** The header of a backup file, or an error saying what the file is not. */
export async function readBackupHeader(file: string): Promise<Header> {
  const notBackup = new Error(`${file} is not a Weft backup (version ${VERSION})`);
  const input = createReadStream(file).pipe(createGunzip());
  try {
    for await (const line of createInterface({ input })) {
      const header = JSON.parse(line) as Partial<Header>;
      if (header.format !== FORMAT || header.version !== VERSION) throw notBackup;
      return header as Header;
    }
  } catch {
    throw notBackup;
  } finally {
    input.destroy();
  }
  throw notBackup;
}

/**
 * Loads a backup into the database at `url`, whose schema must be migrated to exactly the
 * backup's migrations and hold no rows yet. Foreign keys are checked only once everything is in
 * (session_replication_role), so tables load in any order; sequences continue after the restored
 * ids. All in one transaction: a failure leaves the database empty.
 */
export async function restoreDatabase(url: string, file: string) {
  const header = await readBackupHeader(file);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    const applied = await appliedMigrations(client);
    if (JSON.stringify(applied) !== JSON.stringify(header.migrations))
      throw new Error(
        `the database's migrations (${applied.length}) differ from the backup's (${header.migrations.length}): restore into a database migrated to the same version`,
      );
    for (const table of await tablesOf(client)) {
      const { rows } = await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
      if (rows.length)
        throw new Error(`table ${table} is not empty: restore into an empty database`);
    }
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    let table = "";
    let columns: string[] = [];
    let types: string[] = [];
    let batch: unknown[][] = [];
    const flush = async () => {
      if (!batch.length) return;
      // Each value arrives as its text form and is cast back to the column's type.
      await client.query(
        `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")})
         SELECT ${types.map((type, i) => `(r->>${i})::${type}`).join(", ")}
         FROM jsonb_array_elements($1::jsonb) AS r`,
        [JSON.stringify(batch)],
      );
      batch = [];
    };
    let ended = false;
    for await (const text of createInterface({
      input: createReadStream(file).pipe(createGunzip()),
    })) {
      const line = JSON.parse(text) as Line;
      if ("format" in line) continue;
      if ("table" in line) {
        await flush();
        ({ table, columns } = line);
        types = await columnTypes(client, table, columns);
        counts[table] = 0;
      } else if ("row" in line) {
        batch.push(line.row);
        counts[table]! += 1;
        if (batch.length >= BATCH) await flush();
      } else ended = true;
    }
    await flush();
    if (!ended) throw new Error(`${file} is cut short: it has no end marker`);
    await continueSequences(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return counts;
}
