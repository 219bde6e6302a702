import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** Prisma's own advisory lock id, so Prisma's CLI and this migrator never run at once. */
const LOCK_ID = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/** Thrown when the database's migration history forbids starting the app. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

async function withLockedClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(CREATE_TABLE);
    return await work(client);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

function checkHistory(local: LocalMigration[], rows: AppliedRow[]): void {
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration ${row.migration_name} failed earlier and was rolled back: ${row.logs ?? "no log"}\n` +
          `Fix it, then run: npm run db:migrate -- --rolled-back ${row.migration_name}`,
      );
    }
    const migration = byName.get(row.migration_name);
    if (!migration) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied but missing from prisma/migrations.`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was edited after it was applied (checksum differs). ` +
          "Restore it and put the change in a new migration.",
      );
    }
  }
}

/**
 * Applies pending migrations, each in its own transaction; returns the names applied. With
 * `upTo`, only those named (a restore first recreates the schema its backup was taken at).
 */
export async function migrate(url: string, dir: string, upTo?: string[]): Promise<string[]> {
  const all = await readMigrations(dir);
  const local = upTo ? all.filter((migration) => upTo.includes(migration.name)) : all;
  if (upTo && local.length !== upTo.length)
    throw new Error(
      `the backup needs migrations this Weft does not have: ${upTo.filter((name) => !all.some((m) => m.name === name)).join(", ")}`,
    );
  return withLockedClient(url, async (client) => {
    const { rows } = await client.query<AppliedRow>(
      `SELECT * FROM "_prisma_migrations" ORDER BY started_at`,
    );
    checkHistory(local, rows);
    const done = new Set(rows.filter((row) => row.finished_at).map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of local.filter((candidate) => !done.has(candidate.name))) {
      const id = randomUUID();
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`,
        [id, migration.checksum, migration.name],
      );
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        const message = error instanceof Error ? error.message : String(error);
        await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [
          id,
          message,
        ]);
        throw new MigrationError(
          `Migration ${migration.name} failed and was rolled back: ${message}`,
        );
      }
      applied.push(migration.name);
    }
    return applied;
  });
}

/** Marks a failed migration as rolled back (as `prisma migrate resolve --rolled-back` does). */
export async function markRolledBack(url: string, name: string): Promise<void> {
  await withLockedClient(url, async (client) => {
    const result = await client.query(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now()
       WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
      [name],
    );
    if (result.rowCount === 0) throw new MigrationError(`No failed migration named ${name}.`);
  });
}
