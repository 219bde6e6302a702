// A throwaway embedded PostgreSQL with one migrated database, for the benchmarks.
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { freePort } from "../server/db/free-port";
import { migrate } from "../server/db/migrator";

export async function startScratchDatabase(name: string) {
  const dataDir = path.resolve(`.data/${name}`);
  await rm(dataDir, { recursive: true, force: true });
  const database = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: "bench",
  });
  const admin = new pg.Client({ connectionString: database.serverUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE bench");
  await admin.end();
  const databaseUrl = database.urlFor("bench");
  await migrate(databaseUrl, path.resolve("prisma/migrations"));
  return {
    dataDir,
    databaseUrl,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
