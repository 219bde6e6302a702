// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql as the
// diff from the schema of the newest migration (prisma/migrated.prisma) to prisma/schema.prisma.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { freePort } from "./free-port";
import { startEmbeddedPostgres } from "./embedded";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lowercase letters, digits and _)");
  process.exit(2);
}

const SNAPSHOT = "prisma/migrated.prisma";

// Prisma's JavaScript schema engine wants a live database even for a schema-to-schema diff, so a
// throwaway PostgreSQL serves it.
const dataDir = path.resolve(".data/migration-scratch");
await rm(dataDir, { recursive: true, force: true });
const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: "scratch" });
try {
  const from = existsSync(SNAPSHOT) ? ["--from-schema-datamodel", SNAPSHOT] : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      ...from,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { env: { ...process.env, DATABASE_URL: db.serverUrl }, encoding: "utf8" },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log("The schema has not changed since the last migration: nothing written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma/migrations", `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    await copyFile("prisma/schema.prisma", SNAPSHOT);
    console.log(`Wrote ${dir}/migration.sql. Apply it with: npm run db:migrate`);
  }
} finally {
  await db.stop();
  await rm(dataDir, { recursive: true, force: true });
}
