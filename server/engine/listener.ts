import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "../env";
import { RUN_EVENTS_CHANNEL } from "./run-event-writer";

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
    client.on("notification", (message) => message.payload && this.emit(message.payload));
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
    // Listeners wake up and re-read from the database, so nothing announced meanwhile is lost.
    for (const name of this.eventNames()) this.emit(name);
  }
}

const globalForListener = globalThis as unknown as { weftRunEvents?: RunEventListener };
export const runEvents = () => (globalForListener.weftRunEvents ??= new RunEventListener());

/** Resolves when `runId` has news, after `timeoutMs`, or when `signal` aborts. */
export function nextChange(runId: string, timeoutMs: number, signal?: AbortSignal) {
  const events = runEvents();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.off(runId, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    events.on(runId, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
