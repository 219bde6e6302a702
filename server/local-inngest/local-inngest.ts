import { ulid } from "ulid";
import { systemClock, type Clock } from "./clock";
import { completeRun, execute, type ExecutorContext } from "./executor";
import { compile, type Expression } from "./expression";
import { compileFunction, type RegisteredFunction } from "./function-config";
import type { Logger } from "./log";
import type { InngestEvent, RunRow, Store } from "./store";

export interface LocalInngestOptions {
  store: Store;
  log: Logger;
  clock?: Clock;
  /** When set, requests to apps are signed and registrations must carry the hashed key. */
  signingKey?: string;
  /** How many SDK calls may be in flight at once. */
  parallelism?: number;
  pollMs?: number;
}

const FAILED_EVENT = "inngest/function.failed";

/** A step result the SDK checkpoints: `StepRun` with its data, or `RunComplete`. */
export interface CheckpointStep {
  op: string;
  id: string;
  data?: unknown;
}

/** An event as a client sends it: id and ts are optional. */
export interface IncomingEvent {
  id?: string;
  name: string;
  data?: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts?: number;
  v?: string;
}

/** The executor: functions, events, the queue loop and cron ticks. The HTTP face is in http.ts. */
/** How long broken-off work waits before it is tried again. */
const RELEASE_DELAY_MS = 1_000;

export class LocalInngest {
  readonly clock: Clock;
  private functions = new Map<string, RegisteredFunction>();
  private inFlight = new Map<string, number>();
  /** SDK calls in flight (their `qi_id`) and their runs: what checkpoints may name. */
  private calls = new Map<string, string>();
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  private wokenWhileTicking = false;
  private ticking: Promise<void> | undefined;
  private stopped = true;
  private expressions = new Map<string, Expression>();
  private cronsCheckedAt = 0;
  /**
   * Queue items whose outcome could not be written (the database was away): retried on every
   * tick until it can. Done items are deleted; broken-off ones are released to run again.
   */
  private unsettled = new Map<string, "done" | "release">();

  constructor(private readonly options: LocalInngestOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get store() {
    return this.options.store;
  }

  /** Loads the functions registered before a restart and makes in-flight work due again. */
  async start() {
    for (const row of await this.store.functions()) {
      try {
        this.functions.set(row.id, compileFunction(row.config));
      } catch (error) {
        this.options.log("warn", `skipping stored function ${row.id}: ${(error as Error).message}`);
      }
    }
    await this.store.releaseLeases();
    this.stopped = false;
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    while (this.active > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Replaces an app's functions. Throws (changing nothing) if any config is not supported. */
  async register(appId: string, url: string, configs: unknown[]) {
    const compiled = configs.map(compileFunction);
    const now = this.clock.now();
    for (const fn of compiled) {
      const next = fn.crons.map(
        (cron) => cron.schedule.nextRun(new Date(now))?.getTime() ?? Infinity,
      );
      const cronNextAt = next.length ? new Date(Math.min(...next)) : null;
      await this.store.saveFunction(fn.id, appId, url, fn.config, cronNextAt);
    }
    await this.store.removeFunctionsExcept(
      appId,
      compiled.map((fn) => fn.id),
    );
    for (const [id] of this.functions)
      if (id.startsWith(`${appId}-`) && !compiled.some((fn) => fn.id === id))
        this.functions.delete(id);
    for (const fn of compiled) this.functions.set(fn.id, fn);
    this.options.log("info", `registered ${compiled.length} function(s) of app ${appId} at ${url}`);
    this.wake();
  }

  /** Accepts validated events: cancels, resumes waits and starts runs. Returns their ids. */
  async receive(events: IncomingEvent[]): Promise<string[]> {
    const now = this.clock.now();
    const withIds = events.map((event): InngestEvent => ({
      ...event,
      id: event.id ?? ulid(now),
      ts: event.ts ?? now,
      data: event.data ?? {},
    }));
    const fresh = await this.store.newEventIds(
      withIds.map((event) => event.id),
      new Date(now),
    );
    for (const event of withIds) if (fresh.has(event.id)) await this.dispatch(event);
    this.wake();
    return withIds.map((event) => event.id);
  }

  private expression(source: string): Expression {
    let compiled = this.expressions.get(source);
    if (!compiled) this.expressions.set(source, (compiled = compile(source)));
    return compiled;
  }

  private async dispatch(event: InngestEvent) {
    const now = new Date(this.clock.now());
    for (const fn of this.functions.values()) {
      for (const cancel of fn.cancel.filter((c) => c.event === event.name)) {
        for (const run of await this.store.runningRuns(fn.id)) {
          if (
            cancel.timeoutMs !== undefined &&
            event.ts - run.started_at.getTime() > cancel.timeoutMs
          )
            continue;
          if (cancel.expression && !cancel.expression({ event: run.event, async: event })) continue;
          if (await this.store.finish(run.id, "Cancelled", {}, now))
            this.options.log("info", `run ${run.id} (${fn.id}) cancelled by ${event.name}`);
        }
      }
    }
    for (const wait of await this.store.waitsFor(event.name)) {
      if (wait.expression && !this.expression(wait.expression)({ event: wait.event, async: event }))
        continue;
      if (
        (await this.store.endWait(wait.run_id, wait.step_id)) &&
        (await this.store.memoize(wait.run_id, wait.step_id, { data: event }))
      ) {
        await this.store.enqueue(wait.run_id, "call", null, 0, now);
      }
    }
    for (const fn of this.functions.values()) {
      if (
        fn.events.some((t) => t.name === event.name && (!t.expression || t.expression({ event })))
      )
        await this.startRun(fn, event);
    }
  }

  private async startRun(fn: RegisteredFunction, event: InngestEvent) {
    const now = this.clock.now();
    const key = fn.concurrency
      ? `${fn.id}:${fn.concurrency.key ? JSON.stringify(fn.concurrency.key({ event }) ?? null) : ""}`
      : null;
    const runId = ulid(now);
    await this.store.createRun(runId, fn.id, event, key, new Date(now));
    this.options.log("debug", `run ${runId} (${fn.id}) started by ${event.name}`);
  }

  private async onFinished(run: RunRow, status: "Completed" | "Failed", result: unknown) {
    if (status !== "Failed" || run.function_id.endsWith("-failure")) return;
    await this.receive([
      {
        name: FAILED_EVENT,
        data: { function_id: run.function_id, run_id: run.id, error: result, event: run.event },
      },
    ]);
  }

  /**
   * Steps the SDK ran inside call `callId` and reports before it goes on with the next one
   * ("async checkpointing"): each result is stored as that step's memoized state, so a crash
   * after this answer never runs the step again. Nothing is queued: the call itself carries on.
   * "stale" (answered 409, which makes the SDK stop) when the call is not one this process is
   * waiting for or the run has ended, e.g. been cancelled.
   */
  async checkpoint(runId: string, callId: string, steps: CheckpointStep[]) {
    if (this.calls.get(callId) !== runId) return "stale";
    this.options.log("debug", `run ${runId}: checkpointed ${steps.map((s) => s.op).join(", ")}`);
    for (const step of steps) {
      if (step.op === "RunComplete") {
        const run = await this.store.run(runId);
        if (run) await completeRun(this.executorContext(), run, step.data);
        continue;
      }
      if (step.op !== "StepRun" && step.op !== "Step")
        throw new Error(`${step.op} (step ${step.id}) cannot be checkpointed here`);
      if (await this.store.memoize(runId, step.id, { data: step.data ?? null })) continue;
      if ((await this.store.run(runId))?.status !== "Running") return "stale";
    }
    return "ok";
  }

  /** Asks the loop to look at the queue now (new work arrived). */
  wake() {
    if (this.stopped) return;
    // A wake during a tick must not wait for the next poll: look again as soon as it ends.
    if (this.ticking) this.wokenWhileTicking = true;
    else this.schedule(0);
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick() {
    if (this.stopped || this.ticking) return;
    this.ticking = (async () => {
      try {
        // Cron slots are minutes apart: looking twice a second is plenty and keeps step chains fast.
        await this.settleItems();
        if (this.clock.now() - this.cronsCheckedAt >= 500) {
          this.cronsCheckedAt = this.clock.now();
          await this.fireCrons();
        }
        await this.claim();
      } catch (error) {
        this.options.log("error", `queue: ${(error as Error).message}`);
      }
    })();
    await this.ticking;
    this.ticking = undefined;
    const again = this.wokenWhileTicking;
    this.wokenWhileTicking = false;
    if (!this.stopped) this.schedule(again ? 0 : (this.options.pollMs ?? 50));
  }

  private async settleItems() {
    for (const [id, how] of this.unsettled) {
      if (how === "done") await this.store.done(id);
      else await this.store.release(id, new Date(this.clock.now() + RELEASE_DELAY_MS));
      this.unsettled.delete(id);
    }
  }

  private async claim() {
    const room = (this.options.parallelism ?? 32) - this.active;
    if (room <= 0) return;
    for (const item of await this.store.dueItems(new Date(this.clock.now()), room * 4)) {
      if (this.active >= (this.options.parallelism ?? 32)) break;
      const fn = this.functions.get(item.function_id);
      const key = item.concurrency_key;
      if (
        fn &&
        key &&
        item.kind === "call" &&
        (this.inFlight.get(key) ?? 0) >= (fn.concurrency?.limit ?? Infinity)
      )
        continue;
      if (!(await this.store.lease(item.id))) continue;
      this.active += 1;
      if (key && item.kind === "call") this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
      void this.process(item, fn).finally(() => {
        this.active -= 1;
        if (key && item.kind === "call") this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
        this.wake();
      });
    }
  }

  private async process(
    item: Awaited<ReturnType<Store["dueItems"]>>[number],
    fn: RegisteredFunction | undefined,
  ) {
    let how: "done" | "release" = "done";
    try {
      const run = item.run;
      if (run.status !== "Running") return;
      if (!fn) {
        await this.store.finish(
          run.id,
          "Failed",
          {
            error: {
              name: "Error",
              message: `function ${run.function_id} is no longer registered`,
            },
          },
          new Date(this.clock.now()),
        );
        return;
      }
      await execute(this.executorContext(), fn, run, item);
    } catch (error) {
      // Broken off (e.g. the database went away mid-call): never dropped, it runs again.
      how = "release";
      this.options.log("error", `run ${item.run_id}: ${(error as Error).message}; will retry`);
    } finally {
      this.unsettled.set(item.id, how);
      await this.settleItems().catch(() => undefined);
    }
  }

  private executorContext(): ExecutorContext {
    return {
      ...this.options,
      clock: this.clock,
      calls: this.calls,
      onFinished: (run, status, result) => this.onFinished(run, status, result),
    };
  }

  private async fireCrons() {
    const now = this.clock.now();
    for (const due of await this.store.dueCrons(new Date(now))) {
      const fn = this.functions.get(due.id);
      if (!fn) continue;
      const slot = due.cron_next_at;
      // Slots missed while the server was down are not replayed: the next run is the next slot.
      const next = fn.crons.map(
        (c) => c.schedule.nextRun(new Date(Math.max(now, slot.getTime())))?.getTime() ?? Infinity,
      );
      const nextAt =
        next.length && Number.isFinite(Math.min(...next)) ? new Date(Math.min(...next)) : null;
      if (!(await this.store.advanceCron(due.id, slot, nextAt))) continue;
      const event: InngestEvent = {
        id: `cron:${due.id}:${slot.toISOString()}`,
        name: "inngest/scheduled.timer",
        data: { cron: fn.crons[0]?.source ?? "" },
        ts: slot.getTime(),
      };
      if ((await this.store.newEventIds([event.id], new Date(now))).size)
        await this.startRun(fn, event);
    }
  }
}
