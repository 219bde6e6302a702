import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrate } from "../db/migrator";
import { log, type Service } from "./service";

const MIGRATIONS = path.resolve("prisma/migrations");

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function applyMigrations(url: string): Promise<void> {
  const applied = await migrate(url, MIGRATIONS);
  log("migrate", applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
}

/** The external PostgreSQL named by DATABASE_URL: only migrated, never started or stopped. */
export function externalDatabase(url: string): Service {
  return {
    name: "database",
    async start() {
      const host = new URL(url).host;
      await applyMigrations(url).catch((error: Error) => {
        throw new Error(
          `cannot migrate the PostgreSQL at ${host} (DATABASE_URL): ${error.message}`,
        );
      });
      return {
        summary: `PostgreSQL (external) at ${host}`,
        stop: async () => undefined,
      };
    },
  };
}

/** Weft's own PostgreSQL under the data directory. */
export function embeddedDatabase(options: {
  dataDir: string;
  port: number;
  password: string;
}): Service {
  return {
    name: "database",
    async start() {
      const server = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, "postgres"),
        port: options.port,
        password: options.password,
      });
      const url = server.urlFor("weft");
      try {
        await ensureDatabase(server.serverUrl, "weft");
        await applyMigrations(url);
      } catch (error) {
        await server.stop();
        throw error;
      }
      return {
        env: { DATABASE_URL: url },
        summary: `PostgreSQL (embedded) on 127.0.0.1:${options.port}, data in ${path.join(options.dataDir, "postgres")}`,
        exited: server.exited,
        stop: () => server.stop(),
      };
    },
  };
}
