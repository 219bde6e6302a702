import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors";

export interface Limit {
  max: number;
  windowSeconds: number;
}

/**
 * Counts one hit against `key` in a fixed window kept in PostgreSQL (so every app instance shares
 * it) and throws TOO_MANY_REQUESTS once the window's count passes `max`.
 */
export async function hit(
  key: string,
  limit: Limit,
  message = "Too many attempts. Wait a few minutes and try again.",
): Promise<void> {
  const [row] = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${limit.windowSeconds}::double precision)
                     THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${limit.windowSeconds}::double precision)
                     THEN now() ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count"`;
  if ((row?.count ?? 0) > limit.max) {
    throw new AppError("TOO_MANY_REQUESTS", message);
  }
}

export const SIGN_IN_PER_EMAIL: Limit = { max: 10, windowSeconds: 15 * 60 };
export const SIGN_IN_PER_IP: Limit = { max: 50, windowSeconds: 15 * 60 };
export const SIGN_UP_PER_IP: Limit = { max: 20, windowSeconds: 60 * 60 };
