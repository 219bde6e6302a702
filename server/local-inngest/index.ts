import pg from "pg";
import { POOL_SIZE } from "../db/pool-size";
import type { Clock } from "./clock";
import { createHttpServer } from "./http";
import { LocalInngest } from "./local-inngest";
import type { Logger } from "./log";
import { Store } from "./store";

export interface LocalInngestServerOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  log: Logger;
  clock?: Clock;
  signingKey?: string;
  eventKey?: string;
  pollMs?: number;
  /** The longest an idle loop waits before it looks at the queue again (default 1 s). */
  idleLookMs?: number;
  /** How long one call may take (default: Inngest's 2 hours). */
  callTimeoutMs?: number;
}

/** Starts the local Inngest server; its state lives in the migrated Weft database. */
export async function startLocalInngestServer(options: LocalInngestServerOptions) {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: POOL_SIZE });
  // An idle connection dropped by PostgreSQL (restart, shutdown) must not end the process.
  pool.on("error", (error) => options.log("warn", `database connection lost: ${error.message}`));
  const inngest = new LocalInngest({ store: new Store(pool), ...options });
  await inngest.start();
  const server = createHttpServer(inngest, options);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) =>
    server.once("error", reject).listen(options.port, host, resolve),
  );
  const { port } = server.address() as { port: number };
  return {
    inngest,
    url: `http://${host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await inngest.stop();
      await pool.end();
    },
  };
}
