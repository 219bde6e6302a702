import "server-only";
import pg from "pg";
import { env } from "../env";
import { POOL_SIZE } from "./pool-size";

const globalForPool = globalThis as unknown as { weftPool?: pg.Pool };

/**
 * A plain `pg` pool for the engine's hot path (a node step's few statements), where Prisma's
 * per-query overhead dominated the profile. Everything else goes through Prisma (client.ts).
 */
export function pool(): pg.Pool {
  if (!globalForPool.weftPool) {
    // Prisma keeps its DateTime columns (timestamp without time zone) in UTC: so do these
    // connections, whatever the machine's zone, and so does reading them (below).
    globalForPool.weftPool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: POOL_SIZE,
      options: "-c timezone=UTC",
    });
    // An idle connection dropped by PostgreSQL (restart, shutdown) must not end the process.
    globalForPool.weftPool.on("error", () => undefined);
  }
  return globalForPool.weftPool;
}

/**
 * Prisma keeps its DateTime columns (`timestamp without time zone`) in UTC. PostgreSQL ignores an
 * offset written into such a column, so a Date goes out in UTC, and one read back is UTC.
 */
pg.defaults.parseInputDatesAsUTC = true;
pg.types.setTypeParser(
  pg.types.builtins.TIMESTAMP,
  (text) => new Date(`${text.replace(" ", "T")}Z`),
);
