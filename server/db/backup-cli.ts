// `npm run db:backup [file]` and `npm run db:restore <file>`: a consistent backup of Weft's
// database (DATABASE_URL, or the embedded one under .data/, running or not), and its restore into
// an empty data folder or an empty database. See docs/database.md.
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { loadLocalConfig } from "../launcher/local-config";
import { backupDatabase, readBackupHeader, restoreDatabase } from "./backup";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrator";

const [command, file] = process.argv.slice(2);
const dataDir = path.resolve(process.env.WEFT_DATA_DIR ?? ".data");
const port = Number(process.env.WEFT_PG_PORT ?? 54320);
const migrations = path.resolve("prisma/migrations");

const reachable = (url: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  return client.connect().then(
    () => client.end().then(() => true),
    () => false,
  );
};

/** Runs `work` against Weft's database: the external one, the running embedded one, or one started for it. */
async function withDatabase<T>(work: (url: string, created: boolean) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL, false);
  const created = !existsSync(path.join(dataDir, "postgres", "PG_VERSION"));
  const { postgresPassword } = await loadLocalConfig(dataDir);
  const url = `postgresql://weft:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/weft`;
  if (!created && (await reachable(url))) return work(url, false);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "postgres"),
    port,
    password: postgresPassword,
  });
  try {
    if (created) {
      const admin = new pg.Client({ connectionString: server.serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE weft`).finally(() => admin.end());
    }
    return await work(server.urlFor("weft"), created);
  } finally {
    await server.stop();
  }
}

async function main() {
  if (command === "backup") {
    const target = path.resolve(
      file ?? `weft-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl.gz`,
    );
    const counts = await withDatabase((url) => backupDatabase(url, target));
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`Backed up ${rows} rows of ${Object.keys(counts).length} tables to ${target}`);
    console.log(
      `Keep ${path.join(dataDir, "weft.json")} with it: without its keys, secrets cannot be read.`,
    );
    return;
  }
  if (command === "restore" && file) {
    const source = path.resolve(file);
    const header = await readBackupHeader(source);
    if (!process.env.DATABASE_URL && existsSync(path.join(dataDir, "postgres", "PG_VERSION")))
      throw new Error(
        `${path.join(dataDir, "postgres")} already holds a database: restore into an empty data folder (move it away, or set WEFT_DATA_DIR)`,
      );
    if (!existsSync(path.join(dataDir, "weft.json")))
      console.warn(
        `No ${path.join(dataDir, "weft.json")}: new keys are generated, and secrets in the backup cannot be read. Copy the original weft.json there first to keep them.`,
      );
    const counts = await withDatabase(async (url) => {
      await migrate(url, migrations, header.migrations);
      const restored = await restoreDatabase(url, source);
      await migrate(url, migrations);
      return restored;
    });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `Restored ${rows} rows of ${Object.keys(counts).length} tables from ${source} (taken ${header.createdAt})`,
    );
    return;
  }
  console.error("usage: npm run db:backup [file] | npm run db:restore <file>");
  process.exit(2);
}

main().catch((error: Error) => {
  console.error(`Failed: ${error.message}`);
  process.exit(1);
});
