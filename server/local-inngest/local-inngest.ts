import { encodeTime, ulid } from "ulid";
import { systemClock, type Clock } from "./clock";
import {
  breachedLimit,
  execute,
  standardError,
  stepEnded,
  type Call,
  type EndStatus,
  type ExecutorContext,
} from "./executor";
import { compile, type Expression } from "./expression";
import { compileFunction, type RegisteredFunction } from "./function-config";
import type { Logger } from "./log";
import { isDatabaseError, type DueItem, type InngestEvent, type RunRow, type Store } from "./store";
import { LIMITS } from "./time";

export interface LocalInngestOptions {
  store: Store;
  log: Logger;
  clock?: Clock;
  /** When set, requests to apps are signed and registrations must carry the hashed key. */
  signingKey?: string;
  /** How many SDK calls may be in flight at once. */
  parallelism?: number;
  pollMs?: number;
  /** The longest an idle loop waits before it looks at the queue again (default 1 s). */
  idleLookMs?: number;
  /** How long one call may take (default: Inngest's 2 hours). */
  callTimeoutMs?: number;
}

const LIFECYCLE = {
  finished: "inngest/function.finished",
  failed: "inngest/function.failed",
  cancelled: "inngest/function.cancelled",
} as const;

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
/**
 * With nothing in flight or due, the loop sleeps until the next queue item or cron falls due, and
 * at most this long (`idleLookMs`): new work wakes it (`wake`), so an idle server does not query
 * the database 20 times a second.
 */
const IDLE_LOOK_MS = 1_000;

/** What a queue item's slot is counted against: the server's parallelism and its function's concurrency. */
type Slot = Pick<DueItem, "kind" | "concurrency_key" | "function_id">;

export class LocalInngest {
  readonly clock: Clock;
  private functions = new Map<string, RegisteredFunction>();
  private inFlight = new Map<string, number>();
  /** SDK calls in flight (their `qi_id`) and their runs: what checkpoints may name. */
  private calls = new Map<string, Call>();
  private active = 0;
  /** Whether the last look at the queue left due work waiting for room. */
  private backlog = true;
  /** Called when the last call in flight ends (stop() waits for it). */
  private onIdle: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wokenWhileTicking = false;
  private ticking: Promise<void> | undefined;
  private stopped = true;
  private expressions = new Map<string, Expression>();
  private cronsCheckedAt = 0;
  private keysForgottenAt = 0;
  /**
   * Queue items whose outcome could not be written (the database was away): retried on every
   * tick until it can. Done items are deleted; broken-off ones are released to run again.
   */
  private unsettled = new Map<string, "done" | "release">();

  constructor(private readonly options: LocalInngestOptions) {
    this.clock = options.clock ?? systemClock;
    // A clock that jumps (tests) may have made work due: look again.
    this.clock.onJump?.(() => this.wake());
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
    // Calls in flight finish (or fail) on their own; wait for the last one.
    if (this.active > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
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

  /**
   * Accepts validated events: cancels, resumes waits and starts runs. Returns their internal ids.
   * `seed` is the SDK's `x-inngest-event-id-seed`: a retried send carries the same seed, so its
   * events get the same internal ids and are taken once. A user-given `id` deduplicates the runs
   * it starts, per function, for 24 hours (not the event itself: it still cancels and resumes).
   */
  async receive(events: IncomingEvent[], seed?: string): Promise<string[]> {
    const now = this.clock.now();
    const seeded = events.map((_, index) => seededId(seed, index));
    const internalIds = seeded.map((id) => id ?? ulid(now));
    // Only a seeded id can come again (a retried send); an id made here is new by construction.
    const keys = seeded.filter((id) => id !== undefined).map((id) => `event:${id}`);
    const fresh = keys.length ? await this.store.newKeys(keys, new Date(now)) : new Set<string>();
    for (const [index, event] of events.entries()) {
      const internalId = internalIds[index]!;
      if (seeded[index] && !fresh.has(`event:${internalId}`)) continue;
      await this.dispatch({
        ...event,
        id: event.id ?? internalId,
        ts: event.ts ?? now,
        data: event.data ?? {},
      });
    }
    this.wake();
    return internalIds;
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
          if (await this.end(run, "Cancelled", {}))
            this.options.log("info", `run ${run.id} (${fn.id}) cancelled by ${event.name}`);
        }
      }
    }
    for (const wait of await this.store.waitsFor(event.name)) {
      // Expressions were checked when the wait was planned; one that cannot be evaluated matches
      // nothing, it never stops the event.
      const expression = wait.expression ? this.compiled(wait.expression) : undefined;
      if (expression === null) continue;
      if (expression && !expression({ event: wait.event, async: event })) continue;
      if (!(await this.store.endWait(wait.run_id, wait.step_id))) continue;
      await stepEnded(this.store, wait.run_id, wait.step_id, event, wait.parallel_mode, now);
    }
    for (const fn of this.functions.values()) {
      if (
        fn.events.some((t) => t.name === event.name && (!t.expression || t.expression({ event })))
      )
        await this.startRun(fn, event);
    }
  }

  /** A compiled expression, or null when it does not compile. */
  private compiled(source: string): Expression | null {
    try {
      return this.expression(source);
    } catch {
      return null;
    }
  }

  private async startRun(fn: RegisteredFunction, event: InngestEvent) {
    const now = this.clock.now();
    const key = fn.concurrency
      ? `${fn.id}:${fn.concurrency.key ? JSON.stringify(fn.concurrency.key({ event }) ?? null) : ""}`
      : null;
    const runId = ulid(now);
    const startTimeout = fn.timeouts.start;
    // A new run's first call goes out at once when there is room and no older work waits for it;
    // otherwise the queue calls it in turn.
    const slot: Slot = { kind: "call", concurrency_key: key, function_id: fn.id };
    const direct = !this.stopped && !this.backlog && this.takeSlot(slot);
    let created: DueItem | null;
    try {
      // An event id deduplicates the runs it starts, per function, for 24 hours (Inngest's
      // idempotency key `<function>-<event id>`), recorded with the run it lets through.
      created = await this.store.createRun({
        id: runId,
        functionId: fn.id,
        event,
        concurrencyKey: key,
        now: new Date(now),
        timeoutAt: startTimeout === undefined ? null : new Date(now + startTimeout),
        idempotencyKey: `run:${fn.id}:${event.id}`,
        leased: direct,
      });
    } catch (error) {
      if (direct) this.freeSlot(slot);
      throw error;
    }
    if (!created) {
      if (direct) this.freeSlot(slot);
      return;
    }
    this.options.log("debug", `run ${runId} (${fn.id}) started by ${event.name}`);
    if (direct) this.launch(created, fn);
  }

  /**
   * Ends a run once and sends Inngest's lifecycle events, as its `Finalize` does:
   * `inngest/function.finished` always, plus `function.failed` or `function.cancelled` (whose id is
   * the run id). Runs started by a lifecycle event do not send more of them.
   */
  private async end(
    run: RunRow,
    status: EndStatus,
    result: { output?: unknown; error?: unknown },
  ): Promise<boolean> {
    if (!(await this.store.finish(run.id, status, result, new Date(this.clock.now()))))
      return false;
    if (run.event.name === LIFECYCLE.finished || run.event.name === LIFECYCLE.failed) return true;
    const data = {
      function_id: run.function_id,
      run_id: run.id,
      event: run.event,
      events: [run.event],
      ...(status === "Completed" ? { result: result.output } : {}),
      ...(status === "Failed" ? { error: result.error } : {}),
      _inngest: { status },
    };
    const lifecycle: IncomingEvent[] = [{ name: LIFECYCLE.finished, data }];
    if (status !== "Completed")
      lifecycle.push({
        id: run.id,
        name: status === "Failed" ? LIFECYCLE.failed : LIFECYCLE.cancelled,
        data,
      });
    await this.receive(lifecycle);
    return true;
  }

  /**
   * Steps the SDK ran inside call `callId` and reports before it goes on with the next one
   * ("async checkpointing"), with Inngest's contract (pkg/execution/checkpoint): `StepRun`/`Step`
   * results are stored as that step's memoized state, so a crash after this answer never runs the
   * step again; `StepPlanned` is accepted and changes nothing; any other op is refused (400), as
   * are results over the size limits (413). A checkpoint resets the call's attempt count. Nothing
   * is queued: the call itself carries on. "stale" (answered 409, which makes the SDK stop) when
   * the call is not one this process is waiting for or the run has ended, e.g. been cancelled.
   */
  async checkpoint(runId: string, callId: string, steps: CheckpointStep[]) {
    const call = this.calls.get(callId);
    if (call?.runId !== runId) return "stale";
    for (const step of steps)
      if (!["StepRun", "Step", "StepPlanned"].includes(step.op))
        throw new CheckpointError(400, `cannot checkpoint opcode: ${step.op} (step ${step.id})`);
    const run = await this.store.run(runId);
    if (run?.status !== "Running") return "stale";
    // The limits hold here too: refused, the SDK reports the steps in its answer, and the run fails.
    const results = steps.filter((step) => step.op !== "StepPlanned");
    const breach = breachedLimit(
      run,
      results.map((step) => ({ name: step.id, data: step.data })),
    );
    if (breach) throw new CheckpointError(breach.status, breach.error.message);
    this.options.log("debug", `run ${runId}: checkpointed ${steps.map((s) => s.op).join(", ")}`);
    const stored = await this.store.memoizeAll(
      runId,
      results.map((step) => ({ stepId: step.id, result: { data: step.data ?? null } })),
    );
    if (!stored) return "stale";
    call.item.attempt = 0;
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
    // How long the loop waits after this tick when nothing wakes it.
    let nextLookMs = this.pollMs;
    this.ticking = (async () => {
      try {
        // Cron slots are minutes apart: looking twice a second is plenty and keeps step chains fast.
        await this.settleItems();
        if (this.clock.now() - this.cronsCheckedAt >= 500) {
          this.cronsCheckedAt = this.clock.now();
          await this.fireCrons();
        }
        if (this.clock.now() - this.keysForgottenAt >= 60_000) {
          this.keysForgottenAt = this.clock.now();
          await this.store.forgetOldKeys(new Date(this.clock.now()));
        }
        await this.claim();
        if (!this.active && !this.backlog && !this.unsettled.size)
          nextLookMs = await this.idleWait();
      } catch (error) {
        this.options.log("error", `queue: ${(error as Error).message}`);
      }
    })();
    await this.ticking;
    this.ticking = undefined;
    const again = this.wokenWhileTicking;
    this.wokenWhileTicking = false;
    if (!this.stopped) this.schedule(again ? 0 : nextLookMs);
  }

  private get pollMs() {
    return this.options.pollMs ?? 50;
  }

  /** Idle: until the next queue item or cron is due, between one poll and the idle look. */
  private async idleWait() {
    const longest = this.options.idleLookMs ?? IDLE_LOOK_MS;
    // Crons of the functions loaded only: a stored one that did not load never fires.
    const next = await this.store.nextDueAt([...this.functions.keys()]);
    const wait = next ? next.getTime() - this.clock.now() : longest;
    return Math.min(longest, Math.max(this.pollMs, wait));
  }

  private async settleItems() {
    if (!this.unsettled.size) return;
    // Taken off the map before the writes, so that a settle running alongside does not repeat them;
    // put back if the database does not answer.
    const batch = [...this.unsettled];
    this.unsettled.clear();
    const ids = (how: "done" | "release") =>
      batch.filter(([, itemHow]) => itemHow === how).map(([id]) => id);
    try {
      if (ids("done").length) await this.store.done(ids("done"));
      if (ids("release").length)
        await this.store.release(ids("release"), new Date(this.clock.now() + RELEASE_DELAY_MS));
    } catch (error) {
      for (const [id, how] of batch) if (!this.unsettled.has(id)) this.unsettled.set(id, how);
      throw error;
    }
  }

  private get parallelism() {
    return this.options.parallelism ?? 32;
  }

  /** Takes a slot for an item (and for its function's concurrency key); false when none is free. */
  private takeSlot(item: Slot): boolean {
    if (this.active >= this.parallelism) return false;
    const key = item.kind === "call" ? item.concurrency_key : null;
    if (key) {
      const limit = this.functions.get(item.function_id)?.concurrency?.limit ?? Infinity;
      if ((this.inFlight.get(key) ?? 0) >= limit) return false;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    }
    this.active += 1;
    return true;
  }

  private freeSlot(item: Slot) {
    this.active -= 1;
    const key = item.kind === "call" ? item.concurrency_key : null;
    if (key) this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    if (this.active === 0) this.onIdle?.();
  }

  /** Processes a leased item in the slot taken for it. */
  private launch(item: DueItem, fn: RegisteredFunction | undefined) {
    void this.process(item, fn).finally(() => {
      this.freeSlot(item);
      this.wake();
    });
  }

  private async claim() {
    if (this.active >= this.parallelism) {
      this.backlog = true;
      return;
    }
    // Which due items may start now (room left, function concurrency), leased in one statement.
    const due = await this.store.dueItems(
      new Date(this.clock.now()),
      (this.parallelism - this.active) * 4,
    );
    const chosen = due.filter((item) => this.takeSlot(item));
    this.backlog = chosen.length < due.length;
    if (!chosen.length) return;
    let leased: Set<string>;
    try {
      leased = await this.store.lease(chosen.map((item) => item.id));
    } catch (error) {
      // A lease may have been written with its answer lost: give the items back once the database
      // answers again, or they would stay leased (and their runs stuck) until a restart.
      for (const item of chosen) {
        this.freeSlot(item);
        this.unsettled.set(item.id, "release");
      }
      throw error;
    }
    for (const item of chosen)
      if (leased.has(item.id)) this.launch(item, this.functions.get(item.function_id));
      else this.freeSlot(item);
  }

  private async process(item: DueItem, fn: RegisteredFunction | undefined) {
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
      try {
        await execute(this.executorContext(), fn, run, item);
      } catch (error) {
        if (!isDatabaseError(error)) {
          // A bug or a value the server cannot handle fails that run, never the server.
          this.options.log("error", `run ${run.id}: ${(error as Error).message}`);
          await this.end(run, "Failed", {
            error: standardError(
              "Error",
              `the local Inngest server could not go on: ${(error as Error).message}`,
            ),
          });
          return;
        }
        throw error;
      }
    } catch (error) {
      // Broken off (e.g. the database went away mid-call): never dropped, it runs again.
      how = "release";
      this.options.log(
        "error",
        `run ${item.run_id} (${item.kind} ${item.step_id ?? ""}): ${(error as Error).message}; will retry`,
      );
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
      callTimeoutMs: this.options.callTimeoutMs ?? LIMITS.callMs,
      end: (run, status, result) => this.end(run, status, result),
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
      // As Inngest's cron events: the slot's RFC 3339 time is the id (one run per slot).
      const at = slot.toISOString().replace(/\.\d{3}Z$/, "Z");
      const cron =
        fn.crons.find(
          (c) => c.schedule.nextRun(new Date(slot.getTime() - 1))?.getTime() === slot.getTime(),
        ) ?? fn.crons[0];
      await this.startRun(fn, {
        id: at,
        name: "inngest/scheduled.timer",
        data: { cron: cron?.source ?? "", scheduledAt: at, fireAt: at },
        ts: slot.getTime(),
      });
    }
  }
}

/** A checkpoint the server refuses, with the status Inngest answers it with. */
export class CheckpointError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The internal id of event `index` of a send, from the SDK's `x-inngest-event-id-seed`. */
function seededId(seed: string | undefined, index: number): string | undefined {
  const match = /^(\d+),([A-Za-z0-9+/=]+)$/.exec(seed ?? "");
  if (!match || Number(match[1]) <= 0) return undefined;
  const entropy = Buffer.from(match[2]!, "base64");
  if (entropy.length !== 10) return undefined;
  entropy.writeUInt32BE((entropy.readUInt32BE(6) + index) >>> 0, 6);
  return encodeTime(Number(match[1]), 10) + crockford(entropy);
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 80 bits as the 16 Crockford base-32 characters of a ULID's random part. */
function crockford(bytes: Buffer): string {
  let bits = BigInt(`0x${bytes.toString("hex")}`);
  let text = "";
  for (let i = 0; i < 16; i++) {
    text = CROCKFORD[Number(bits & 31n)] + text;
    bits >>= 5n;
  }
  return text;
}
