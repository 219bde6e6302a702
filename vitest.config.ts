import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests import server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/support/empty.ts"),
    },
  },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    globalSetup: ["test/setup/postgres.ts"],
    setupFiles: ["test/setup/database.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
