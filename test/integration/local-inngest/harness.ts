// A real `inngest` app (serve() over node:http) driven by Weft's local Inngest server, in-process,
// against this test file's PostgreSQL database and a manual clock.
import { createServer, request, type Server } from "node:http";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import pg from "pg";
import { afterAll, expect } from "vitest";
import { ManualClock } from "@/server/local-inngest/clock";
import { startLocalInngestServer } from "@/server/local-inngest/index";
import { consoleLogger, silentLogger } from "@/server/local-inngest/log";
import type { Store } from "@/server/local-inngest/store";

export interface Harness {
  client: Inngest;
  clock: ManualClock;
  serverUrl: string;
  appUrl: string;
  db: pg.Pool;
  /** The local server's store: a test may watch what its queue hands out. */
  store: Store;
  /** Every call the local server made to the app, in order (with `record: true`). */
  calls: RecordedCall[];
  /**
   * With `record: true`: answers a call in the app's place when it returns a reply (a proxy in
   * front of the app that fails), else the call goes through.
   */
  intercept?: (call: RecordedCall) => Intercepted | undefined;
  register(): Promise<Response>;
  /**
   * Waits until a run of `fnId` has ended and returns it. With `fastForward`, the clock jumps a
   * minute on every poll, so retry backoff passes at once.
   */
  ended(fnId: string, options?: { timeoutMs?: number; fastForward?: boolean }): Promise<RunRecord>;
  stop(): Promise<void>;
}

export interface RecordedCall {
  fnId: string;
  stepId: string;
  body: {
    steps: Record<string, unknown>;
    ctx: {
      run_id: string;
      qi_id: string;
      attempt: number;
      disable_immediate_execution: boolean;
      stack: { stack: string[]; current: number };
    };
  };
  status: number;
}

export interface Intercepted {
  status: number;
  headers?: Record<string, string>;
  body: string;
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
    /** Puts a recorder between the local server and the app: `calls` lists what it sends. */
    record?: boolean;
    /** How long one call may take (default: Inngest's 2 hours). */
    callTimeoutMs?: number;
    /** The longest the idle queue loop waits (default 1 s). */
    idleLookMs?: number;
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
    callTimeoutMs: options.callTimeoutMs,
    idleLookMs: options.idleLookMs,
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
  const calls: RecordedCall[] = [];
  const recorder = options.record
    ? await startRecorder(calls, (call) => harness.intercept?.(call))
    : undefined;
  const app = createServer(
    serve({ client, functions: build(client), serveOrigin: recorder?.origin }),
  );
  const appPort = await listen(app);
  recorder?.forwardTo(appPort);
  const appUrl = `http://127.0.0.1:${appPort}/api/inngest`;
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

  const harness: Harness = {
    client,
    clock,
    serverUrl: local.url,
    appUrl,
    db,
    store: local.inngest.store,
    calls,
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
      recorder?.server.closeAllConnections();
      recorder?.server.close();
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

/** An HTTP hop that records each call (query and JSON body) before passing it to the app. */
async function startRecorder(
  calls: RecordedCall[],
  intercept: (call: RecordedCall) => Intercepted | undefined,
) {
  let appPort = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, "http://recorder");
      const call =
        req.method === "POST"
          ? {
              fnId: url.searchParams.get("fnId") ?? "",
              stepId: url.searchParams.get("stepId") ?? "",
              body: JSON.parse(body.toString("utf8")) as RecordedCall["body"],
              status: 0,
            }
          : undefined;
      if (call) calls.push(call);
      const answer = call && intercept(call);
      if (answer && call) {
        call.status = answer.status;
        return void res.writeHead(answer.status, answer.headers).end(answer.body);
      }
      const forward = request(
        {
          host: "127.0.0.1",
          port: appPort,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (reply) => {
          if (call) call.status = reply.statusCode ?? 0;
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  const port = await listen(server);
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    forwardTo(port: number) {
      appPort = port;
    },
  };
}
