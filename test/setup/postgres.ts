// One real PostgreSQL server per test run; every test file gets its own database, cloned from a
// migrated template (see database.ts).
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../server/db/embedded";
import { migrate } from "../../server/db/migrator";
import { freePort } from "../../server/db/free-port";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
  }
}

export const TEMPLATE = "weft_template";

export default async function setup(project: TestProject) {
  const dataDir = path.resolve(".data/test-postgres");
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: "test" });
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  await migrate(server.urlFor(TEMPLATE), path.resolve("prisma/migrations"));
  project.provide("postgresServerUrl", server.serverUrl);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
