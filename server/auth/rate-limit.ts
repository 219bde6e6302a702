import "server-only";
import { db } from "../db/client";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import { AppError } from "../errors";

export interface Limit {
  max: number;
  windowSeconds: number;
}

/**
 * The end of an `INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") … now(), 1` that
 * counts one hit in the bucket's fixed window of `windowSeconds` (a parameter, in seconds) and
 * returns the window's count so far.
 *
 * Its transaction commits without waiting for the log's flush to disk (`synchronous_commit` off
 * for this transaction only): a count is worth less than that wait. Requests on one key (or one
 * webhook) all update its bucket's row, so each waited for the previous one's flush: a burst of
 * 200 runs through one key queued there for 1.7 ms a request. A crash of PostgreSQL can forget
 * the counts of its last fraction of a second, never more.
 */
export const countInWindow = (windowSeconds: string) => `
  ON CONFLICT ("key") DO UPDATE SET
    "count" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds}::double precision)
                   THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
    "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds}::double precision)
                   THEN now() ELSE "RateLimitBucket"."windowStart" END
  RETURNING "count", set_config('synchronous_commit', 'off', true) AS relaxed`;

/**
 * Counts one hit against `key` in a fixed window kept in PostgreSQL (so every app instance shares
 * it) and throws TOO_MANY_REQUESTS once the window's count passes `max`.
 */
export async function hit(
  key: string,
  limit: Limit,
  message = "Too many attempts. Wait a few minutes and try again.",
): Promise<void> {
  const {
    rows: [row],
  } = await pool().query<{ count: number }>(
    prepared(
      `INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES ($1, now(), 1)
       ${countInWindow("$2")}`,
      [key, limit.windowSeconds],
    ),
  );
  if ((row?.count ?? 0) > limit.max) {
    throw new AppError("TOO_MANY_REQUESTS", message);
  }
}

/** Wrong passwords allowed for one (email, address) before each further try must wait. */
export const FREE_FAILURES = 5;
/** The longest wait between tries: the delay doubles from 1 s up to this. */
export const MAX_DELAY_SECONDS = 5 * 60;

/** Seconds to wait after `failures` wrong passwords: none for the first few, then doubling. */
export const delayAfter = (failures: number) =>
  failures < FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);

/**
 * Throws TOO_MANY_REQUESTS while `key` (one email from one address) is still waiting after its
 * last wrong password. A refused try is not counted, so nobody can push the wait further out by
 * hammering, and a hard lock-out never happens: after the wait one more try is always allowed.
 */
export async function checkBackoff(key: string): Promise<void> {
  const [row] = await db().$queryRaw<{ count: number; waited: number }[]>`
    SELECT "count", EXTRACT(EPOCH FROM now() - "windowStart")::float8 AS waited
    FROM "RateLimitBucket" WHERE "key" = ${key}`;
  if (!row) return;
  const wait = delayAfter(row.count) - row.waited;
  if (wait > 0)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many wrong passwords. Try again in ${Math.ceil(wait)} s.`,
    );
}

/** Counts a wrong password for `key`; its wait starts now. */
export async function recordFailure(key: string): Promise<void> {
  await db().$executeRaw`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1, "windowStart" = now()`;
}

export async function clearFailures(key: string): Promise<void> {
  await db().$executeRaw`DELETE FROM "RateLimitBucket" WHERE "key" = ${key}`;
}

/** Per address, across emails (password spraying); only applied when the address is known. */
export const SIGN_IN_PER_IP: Limit = { max: 50, windowSeconds: 15 * 60 };
export const SIGN_UP_PER_IP: Limit = { max: 20, windowSeconds: 60 * 60 };
/** Sign-ups from callers whose address is unknown share one, larger, bucket. */
export const SIGN_UP_UNKNOWN_IP: Limit = { max: 200, windowSeconds: 60 * 60 };
