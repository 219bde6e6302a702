// A real `inngest` app (serve() over node:http) driven by Weft's local Inngest server, in-process,
// against this test file's PostgreSQL database and a manual clock.
import { createServer, type Server } from "node:http";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import pg from "pg";
import { afterAll, expect } from "vitest";
import { ManualClock } from "@/server/local-inngest/clock";
import { startLocalInngestServer } from "@/server/local-inngest/index";
import { consoleLogger, silentLogger } from "@/server/local-inngest/log";

export interface Harness {
  client: Inngest;
  clock: ManualClock;
  serverUrl: string;
  appUrl: string;
  db: pg.Pool;
  register(): Promise<Response>;
  /**
   * Waits until a run of `fnId` has ended and returns it. With `fastForward`, the clock jumps a
   * minute on every poll, so retry backoff passes at once.
   */
  ended(fnId: string, options?: { timeoutMs?: number; fastForward?: boolean }): Promise<RunRecord>;
  stop(): Promise<void>;
}

export interface RunRecord {
  id: string;
  status: string;
  output: unknown;
  error: { message?: string; name?: string } | null;
  steps: Record<string, unknown>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );

export async function startHarness(
  build: (client: Inngest) => InngestFunction.Any[],
  options: {
    signingKey?: string;
    appSigningKey?: string;
    eventKey?: string;
    /** Where the local server finds its database (default: this test file's). */
    databaseUrl?: string;
  } = {},
): Promise<Harness> {
  const clock = new ManualClock();
  const local = await startLocalInngestServer({
    databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL!,
    port: 0,
    clock,
    pollMs: 5,
    log: process.env.WEFT_INNGEST_LOG ? consoleLogger("debug") : silentLogger,
    signingKey: options.signingKey,
    eventKey: options.eventKey,
  });
  const signed = Boolean(options.appSigningKey ?? options.signingKey);
  const client = new Inngest({
    id: "test-app",
    baseUrl: local.url,
    isDev: !signed,
    // The functions under test fail on purpose; their stack traces are not news.
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    },
    ...(signed
      ? {
          signingKey: options.appSigningKey ?? options.signingKey,
          eventKey: options.eventKey ?? "test-event-key",
        }
      : {}),
  });
  const app = createServer(serve({ client, functions: build(client) }));
  const appUrl = `http://127.0.0.1:${await listen(app)}/api/inngest`;
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

  const harness: Harness = {
    client,
    clock,
    serverUrl: local.url,
    appUrl,
    db,
    register: () => fetch(appUrl, { method: "PUT" }),
    async ended(fnId, { timeoutMs = 10_000, fastForward = false } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<RunRecord>(
          `SELECT id, status, output, error, steps FROM inngest_run WHERE function_id = $1 AND status <> 'Running' ORDER BY id LIMIT 1`,
          [`test-app-${fnId}`],
        );
        if (rows[0]) return rows[0];
        if (Date.now() > deadline)
          throw new Error(`no run of ${fnId} ended within ${timeoutMs} ms`);
        if (fastForward) clock.advance(60_000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await new Promise<void>((resolve) => app.close(() => resolve()));
      app.closeAllConnections();
      await local.stop();
      await db.end();
    },
  };
  if (!signed || options.signingKey) {
    const reply = await harness.register();
    expect(reply.status, await reply.clone().text()).toBe(200);
  }
  afterAll(() => harness.stop());
  return harness;
}

/** Polls `check` until it returns a defined value (web-first style for back-end state). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
