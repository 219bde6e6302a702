import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";
import { PrismaClient } from "./generated/client";
import { POOL_SIZE } from "./pool-size";

const globalForPrisma = globalThis as unknown as { weftPrisma?: PrismaClient };

/** The one Prisma client of this process (kept on globalThis across hot reloads). */
export function db(): PrismaClient {
  globalForPrisma.weftPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: POOL_SIZE }),
  });
  return globalForPrisma.weftPrisma;
}

export type { PrismaClient };
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
