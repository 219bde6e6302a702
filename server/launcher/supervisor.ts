import { log, type Running, type Service } from "./service";

export interface RestartPolicy {
  /** Crashes counted within this window decide when to give up. */
  windowMs: number;
  /** More crashes than this within the window: give up. */
  limit: number;
  /** The first restart waits this long; each further crash in the window doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a child may take to stop on SIGTERM before it gets SIGKILL. */
  stopGraceMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = {
  windowMs: 60_000,
  limit: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  stopGraceMs: 5_000,
};

interface Supervised {
  service: Service;
  running: Running;
  /** Runs after each restart (e.g. the app syncs with Inngest again). */
  afterRestart?: () => Promise<void>;
}

/**
 * Starts the launcher's services in order and keeps them running: a child that exits is started
 * again after a growing delay (and its dependants told); more than `limit` crashes of one child
 * within `windowMs` stops everything with a non-zero exit. `stop` ends every child within the
 * grace period (SIGKILL after it), the app first and the database last.
 */
export class Supervisor {
  private readonly services: Supervised[] = [];
  private readonly crashes = new Map<string, number[]>();
  private stopping = false;

  constructor(
    readonly env: Record<string, string>,
    private readonly giveUp: (reason: string) => void,
    private readonly policy: RestartPolicy = DEFAULT_POLICY,
  ) {}

  async start(service: Service, afterRestart?: () => Promise<void>): Promise<void> {
    const running = await service.start(this.env);
    Object.assign(this.env, running.env);
    log(service.name, running.summary);
    const entry = { service, running, afterRestart };
    this.services.push(entry);
    this.watch(entry);
  }

  private watch(entry: Supervised) {
    void entry.running.exited?.then((code) => this.crashed(entry, `exited with code ${code}`));
  }

  private async crashed(entry: Supervised, why: string): Promise<void> {
    if (this.stopping) return;
    const name = entry.service.name;
    const now = Date.now();
    const recent = [...(this.crashes.get(name) ?? []), now].filter(
      (at) => now - at < this.policy.windowMs,
    );
    this.crashes.set(name, recent);
    if (recent.length > this.policy.limit) {
      log(name, `${why}; it crashed ${recent.length} times within a minute: giving up`);
      return this.giveUp(`${name} keeps crashing`);
    }
    const delay = Math.min(
      this.policy.maxDelayMs,
      this.policy.baseDelayMs * 2 ** (recent.length - 1),
    );
    log(name, `${why}; restarting in ${(delay / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.stopping) return;
    try {
      entry.running = await entry.service.start(this.env);
      Object.assign(this.env, entry.running.env);
      log(name, `restarted: ${entry.running.summary}`);
      this.watch(entry);
      await entry.afterRestart?.();
    } catch (error) {
      return this.crashed(entry, `restart failed: ${(error as Error).message}`);
    }
  }

  /** Stops every child: all but the first service (the database) together, then the database. */
  async stop(): Promise<void> {
    this.stopping = true;
    const [database, ...rest] = this.services;
    const stop = (entry: Supervised) =>
      Promise.race([
        entry.running.stop(),
        new Promise<void>((resolve) => setTimeout(resolve, this.policy.stopGraceMs * 2)),
      ]).catch(() => undefined);
    await Promise.all(rest.reverse().map(stop));
    if (database) await stop(database);
  }
}
