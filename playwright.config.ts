import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./test/support/chromium";

const port = Number(process.env.E2E_PORT ?? 3199);
export const baseURL = `http://localhost:${port}`;
export const E2E_SECRET = "e2e-only-secret-0123456789abcdef0123456789";

// The tests drive the real launcher (embedded PostgreSQL + `next start`) on a fresh data directory.
export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // Whole journeys (sign up, build, test, fix) take 10–25 s here and up to 2.5× that on a loaded CI
  // machine; each step still fails within the expect timeout when its result never shows.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: "rm -rf .data/e2e && node server/launcher/start.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      WEFT_DATA_DIR: ".data/e2e",
      PORT: String(port),
      WEFT_PG_PORT: process.env.E2E_PG_PORT ?? "54398",
      WEFT_INNGEST_PORT: process.env.E2E_INNGEST_PORT ?? "18398",
      NEXTAUTH_SECRET: E2E_SECRET,
      NEXTAUTH_URL: baseURL,
      // Stand-ins for third-party APIs listen on loopback in these tests.
      WEFT_PRIVATE_NETWORKS: "allow",
      // As behind a proxy on loopback: the tests' X-Forwarded-For stands for distinct callers.
      WEFT_TRUSTED_PROXIES: "127.0.0.1",
    },
  },
});
