// Prisma's CLI uses its JavaScript schema engine: the native one is a download these machines
// cannot make. The CLI is used only for `generate` and `migrate diff`; migrations are applied by
// server/db/migrator.ts (see docs/database.md).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI reads the schema's `env("DATABASE_URL")` even to generate the client; without a value it
// falls back to downloading a native engine. Generating needs no real database, so any URL will do.
process.env.DATABASE_URL ??= "postgresql://localhost:5432/weft";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
