// npm run db:backup / db:restore: a backup taken while Weft runs, restored into an empty data
// folder, brings back flows, runs and secrets (still decryptable with the same keys).
import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startEmbeddedPostgres } from "@/server/db/embedded";
import { freePort } from "@/server/db/free-port";
import { unseal } from "@/server/secrets/crypto";
import { setSecret } from "@/server/secrets/secrets";
import { createTeamWithOwner, storedRun } from "../factories";

const dir = path.resolve(".data/test-backup");
const cli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/db/backup-cli.ts", ...args], {
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("database backup and restore", () => {
  it("backs up while in use, restores into an empty data folder, and everything is back", async () => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const { team, owner, caller } = await createTeamWithOwner("Backed up");
    const flow = await caller.flow.create({ name: "Precious flow" });
    const run = await storedRun(team.id, flow.id, { status: "FAILED" });
    await db().runEvent.create({
      data: { runId: run.id, type: "run", data: { status: "FAILED" } },
    });
    await setSecret(team.id, owner.id, { name: "API_TOKEN", value: "tok-0123456789" });
    const file = path.join(dir, "weft.jsonl.gz");

    const backup = await cli(["backup", file], {});
    expect(backup.output).toMatch(/Backed up \d+ rows of \d+ tables/);
    expect(backup.code).toBe(0);

    // A fresh machine: an empty data folder with the original weft.json (its keys).
    const dataDir = path.join(dir, "restored");
    await mkdir(dataDir, { recursive: true });
    const password = "restore-test-password";
    await writeFile(
      path.join(dataDir, "weft.json"),
      JSON.stringify({
        postgresPassword: password,
        authSecret: "a",
        secretKey: process.env.WEFT_SECRET_KEY,
      }),
    );
    const port = await freePort();
    const env = { DATABASE_URL: "", WEFT_DATA_DIR: dataDir, WEFT_PG_PORT: String(port) };
    const restore = await cli(["restore", file], env);
    expect(restore.output).toMatch(/Restored \d+ rows/);
    expect(restore.code).toBe(0);

    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "postgres"),
      port,
      password,
    });
    const client = new pg.Client({ connectionString: server.urlFor("weft") });
    await client.connect();
    try {
      const flows = await client.query(`SELECT name FROM "Flow" WHERE id = $1`, [flow.id]);
      expect(flows.rows).toEqual([{ name: "Precious flow" }]);
      const runs = await client.query(`SELECT status::text, "createdAt" FROM "Run" WHERE id = $1`, [
        run.id,
      ]);
      expect(runs.rows[0].status).toBe("FAILED");
      expect(runs.rows[0].createdAt.getTime()).toBe(run.createdAt.getTime());
      const secret = await client.query(`SELECT sealed FROM "Secret" WHERE "teamId" = $1`, [
        team.id,
      ]);
      expect(unseal(secret.rows[0].sealed)).toBe("tok-0123456789");
      // Sequences go on after the restored ids: a new event gets a higher id.
      const { rows } = await client.query(
        `INSERT INTO "RunEvent" ("runId", type) VALUES ($1, 'run') RETURNING id`,
        [run.id],
      );
      const max = await db().runEvent.aggregate({ _max: { id: true } });
      expect(BigInt(rows[0].id)).toBeGreaterThan(max._max.id!);
    } finally {
      await client.end();
      await server.stop();
    }

    // Restoring over a database that exists is refused, and changes nothing.
    const again = await cli(["restore", file], env);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already holds a database: restore into an empty data folder/);
  }, 120_000);

  it("refuses a file that is not a Weft backup", async () => {
    await mkdir(dir, { recursive: true });
    const bogus = path.join(dir, "bogus.gz");
    await writeFile(bogus, "not gzip");
    const result = await cli(["restore", bogus], { WEFT_DATA_DIR: path.join(dir, "other") });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Failed: .*bogus\.gz is not a Weft backup/);
  }, 60_000);
});
