import { randomBytes } from "node:crypto";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { markRolledBack, migrate, readMigrations } from "@/server/db/migrator";
import { withDatabase } from "../support/database-url";

const serverUrl = inject("postgresServerUrl");

async function emptyDatabase(): Promise<string> {
  const name = `migrator_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return withDatabase(serverUrl, name);
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "weft-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrator", () => {
  it("applies pending migrations in order and records them in Prisma's table format", async () => {
    const url = await emptyDatabase();
    const dir = await migrationsDir({
      "001_a": `CREATE TABLE a (id int);`,
      "002_b": `CREATE TABLE b (id int); INSERT INTO b VALUES (1);`,
    });
    expect(await migrate(url, dir)).toEqual(["001_a", "002_b"]);
    expect(await migrate(url, dir)).toEqual([]);
    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      url,
      `SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const local = await readMigrations(dir);
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
      local.map((migration) => [migration.name, migration.checksum, 1]),
    );
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
  });

  it("refuses to go on when an applied migration was edited", async () => {
    const url = await emptyDatabase();
    const dir = await migrationsDir({ "001_a": `CREATE TABLE a (id int);` });
    await migrate(url, dir);
    await writeFile(path.join(dir, "001_a", "migration.sql"), `CREATE TABLE a (id bigint);`);
    await expect(migrate(url, dir)).rejects.toThrow(
      "Migration 001_a was edited after it was applied",
    );
  });

  it("rolls a failing migration back whole and refuses to start until it is marked rolled back", async () => {
    const url = await emptyDatabase();
    const dir = await migrationsDir({
      "001_ok": `CREATE TABLE ok (id int);`,
      "002_bad": `CREATE TABLE half (id int); SELECT * FROM missing_table;`,
    });
    await expect(migrate(url, dir)).rejects.toThrow(
      /Migration 002_bad failed and was rolled back: .*missing_table/,
    );
    const tables = await query<{ tablename: string }>(
      url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.map((t) => t.tablename).sort()).toEqual(["_prisma_migrations", "ok"]);
    await expect(migrate(url, dir)).rejects.toThrow(
      /Migration 002_bad failed earlier.*\n.*--rolled-back 002_bad/,
    );

    await writeFile(path.join(dir, "002_bad", "migration.sql"), `CREATE TABLE half (id int);`);
    await markRolledBack(url, "002_bad");
    expect(await migrate(url, dir)).toEqual(["002_bad"]);
  });

  it("refuses a migration that is applied but missing locally", async () => {
    const url = await emptyDatabase();
    await migrate(url, await migrationsDir({ "001_a": `CREATE TABLE a (id int);` }));
    await expect(migrate(url, await migrationsDir({}))).rejects.toThrow(
      "Migration 001_a is applied but missing",
    );
  });

  it("keeps the committed migrations in step with the schema", async () => {
    const [schema, snapshot] = await Promise.all([
      readFile("prisma/schema.prisma", "utf8"),
      readFile("prisma/migrated.prisma", "utf8"),
    ]);
    expect(snapshot, "schema.prisma changed: run npm run db:migration -- <name>").toBe(schema);
  });
});
