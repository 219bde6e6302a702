/**
 * How many connections each of Weft's pools opens at most: the engine's statements, Prisma's and
 * the local Inngest server's. Two cores serve them all: five each ran a burst of 200 runs as fast
 * as ten each did, with 10–15 fewer PostgreSQL processes (~4 MB each) at its peak (docs/engine.md).
 */
export const POOL_SIZE = 5;
