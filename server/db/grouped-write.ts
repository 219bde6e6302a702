import "server-only";
import type pg from "pg";
import { pool } from "./pool";

interface Queued {
  query: pg.QueryConfig;
  resolve(result: pg.QueryResult): void;
  reject(error: unknown): void;
}

/** Per key, the writes queued behind the one in flight; a key with no entry has none in flight. */
const queues = new Map<string, Queued[]>();

/**
 * Runs a write that locks the rows of `key` (a run's): at once when no other write of the key is
 * in flight in this process; otherwise after it, together with every write that queued meanwhile,
 * in one transaction. Such writes would wait for each other's lock and commit one after another
 * anyway; together they take the lock once and flush the log once (a fan-out's nodes that end at
 * the same moment). Each write keeps its own result and error: when the shared transaction fails,
 * its writes run again one by one.
 */
export function groupedWrite<R extends pg.QueryResultRow>(
  key: string,
  query: pg.QueryConfig,
): Promise<pg.QueryResult<R>> {
  const queue = queues.get(key);
  if (queue)
    return new Promise((resolve, reject) =>
      queue.push({ query, resolve: resolve as Queued["resolve"], reject }),
    );
  queues.set(key, []);
  const written = pool().query<R>(query);
  void written.catch(() => undefined).then(() => drain(key));
  return written;
}

async function drain(key: string) {
  for (let batch = queues.get(key)!; batch.length; batch = queues.get(key)!) {
    queues.set(key, []);
    await writeTogether(batch);
  }
  queues.delete(key);
}

async function writeTogether(batch: Queued[]) {
  if (batch.length > 1) {
    let client: pg.PoolClient | undefined;
    try {
      client = await pool().connect();
      // Queued on the connection at once: each goes as soon as the one before it has answered.
      const begun = client.query("BEGIN");
      const written = batch.map(({ query }) => client!.query(query));
      const committed = client.query("COMMIT");
      const results = await Promise.all([begun, ...written, committed]).then((all) =>
        all.slice(1, -1),
      );
      client.release();
      batch.forEach(({ resolve }, i) => resolve(results[i]!));
      return;
    } catch {
      // A connection that failed mid-transaction is not given back to the pool.
      client?.release(true);
    }
  }
  for (const { query, resolve, reject } of batch) await pool().query(query).then(resolve, reject);
}
