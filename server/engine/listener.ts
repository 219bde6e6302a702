import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "../env";
import { RUN_CHANGE_SUFFIX, RUN_EVENTS_CHANNEL } from "./run-event-writer";

/**
 * One `LISTEN weft_run_events` connection per process: every state change of a run is announced
 * with `pg_notify('weft_run_events', runId)` by whichever instance wrote it, so each instance
 * hears every run's changes without polling. Reconnects after a lost connection.
 */
class RunEventListener extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  ready(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    client.on("notification", ({ payload }) => {
      if (!payload) return;
      const runChange = payload.endsWith(RUN_CHANGE_SUFFIX);
      const runId = runChange ? payload.slice(0, -RUN_CHANGE_SUFFIX.length) : payload;
      this.emit(runId, runChange ? "run" : "node");
    });
    client.on("error", () => this.reset(client));
    client.on("end", () => this.reset(client));
    await client.connect();
    await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
    this.client = client;
  }

  private reset(client: pg.Client) {
    if (this.client !== client && this.client !== null) return;
    this.client = null;
    this.connecting = null;
    // Listeners wake up and re-read from the database, so nothing announced meanwhile is lost
    // (as after any announcement that does not say what changed).
    for (const name of this.eventNames()) this.emit(name);
  }
}

const globalForListener = globalThis as unknown as { weftRunEvents?: RunEventListener };
export const runEvents = () => (globalForListener.weftRunEvents ??= new RunEventListener());

/**
 * Resolves when `runId` has news (with `runOnly`, news of the run itself, not of its nodes), after
 * `timeoutMs`, or when `signal` aborts.
 */
export function nextChange(
  runId: string,
  timeoutMs: number,
  signal?: AbortSignal,
  runOnly = false,
) {
  const events = runEvents();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.off(runId, news);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const news = (kind?: "run" | "node") => {
      if (!runOnly || kind !== "node") done();
    };
    const timer = setTimeout(done, timeoutMs);
    events.on(runId, news);
    signal?.addEventListener("abort", done, { once: true });
  });
}
