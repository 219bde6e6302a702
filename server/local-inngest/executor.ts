// How one queue item runs, after Inngest's executor (inngest/inngest pkg/execution/executor):
// a call to the app, the ops it answers with, retries of the same item, and when the next
// discovery call is scheduled.
import { randomUUID } from "node:crypto";
import { postCall, type CallReply } from "./call";
import type { Clock } from "./clock";
import { compile } from "./expression";
import type { RegisteredFunction } from "./function-config";
import type { Logger } from "./log";
import { sign } from "./signing";
import { isDatabaseError, type QueueItem, type RunRow, type Store } from "./store";
import { backoff, LIMITS, retryAfter, wakeTime } from "./time";
import { runTimeout, startFinishTimeout } from "./timeouts";

/** An op the SDK answers with (206), as in Inngest's SDK spec. */
interface Op {
  op: string;
  id: string;
  name?: string;
  data?: unknown;
  error?: unknown;
  opts?: {
    timeout?: string;
    if?: string;
    event?: string;
    duration?: string;
    parallelMode?: string;
  };
  displayName?: string;
}

/** A call in flight: what a checkpoint may name, and the item whose attempts it resets. */
export interface Call {
  runId: string;
  item: QueueItem;
}

export type EndStatus = "Completed" | "Failed" | "Cancelled";

export interface ExecutorContext {
  store: Store;
  clock: Clock;
  log: Logger;
  signingKey?: string;
  callTimeoutMs: number;
  /** The calls in flight, by the id sent as `ctx.qi_id` (see LocalInngest.checkpoint). */
  calls: Map<string, Call>;
  /** Ends a run once and emits Inngest's lifecycle events; false if it had already ended. */
  end(
    run: RunRow,
    status: EndStatus,
    result: { output?: unknown; error?: unknown },
  ): Promise<boolean>;
}

/** Inngest's own error shape for a run that broke one of its limits or rules. */
export const standardError = (name: string, message: string) => ({ name, message });

const stepLimitError = () =>
  standardError(
    "InngestErrFunctionOverflowed",
    `The function run exceeded the step limit of ${LIMITS.steps} steps.`,
  );

const describe = (run: RunRow, item: QueueItem) =>
  `run ${run.id} (${run.function_id})${item.step_id ? ` step ${item.step_id}` : ""}`;

const raceMode = (op: Op): QueueItem["parallel_mode"] =>
  op.opts?.parallelMode === "race" ? "race" : null;

/**
 * Stores a step's state (`{ data }`/`{ error }`, null for a sleep or a timed-out wait, the event
 * that ended a wait) and, when Inngest's `shouldEnqueueDiscovery` says so (nothing of the parallel
 * plan still pending, or the step is in race mode), schedules the next discovery call and clears
 * ForceStepPlan so the SDK may run steps at once again.
 */
export async function stepEnded(
  store: Store,
  runId: string,
  stepId: string,
  state: unknown,
  mode: QueueItem["parallel_mode"],
  at: Date,
) {
  const { pending } = await store.memoize(runId, stepId, state);
  if (pending && mode !== "race") return;
  await store.forceStepPlan(runId, false);
  await store.enqueue(runId, "call", null, 0, at);
}

/** Step results about to be stored, as the limits count them. */
interface Result {
  name: string;
  data: unknown;
}

/**
 * Which of Inngest's run limits storing `results` would break, with the status a checkpoint
 * answers it with; null when none.
 */
export function breachedLimit(run: Pick<RunRow, "stack" | "state_size">, results: Result[]) {
  if (run.stack.length + results.length > LIMITS.steps)
    return { status: 400 as const, error: stepLimitError() };
  let bytes = 0;
  for (const result of results) {
    const size = Buffer.byteLength(JSON.stringify({ data: result.data ?? null }));
    if (size > LIMITS.stepOutputBytes)
      return {
        status: 413 as const,
        error: standardError(
          "InngestErrInvalidStep",
          `step "${result.name}": its output is larger than the step output limit of ${LIMITS.stepOutputBytes} bytes`,
        ),
      };
    bytes += size;
  }
  if (Number(run.state_size) + bytes > LIMITS.stateBytes)
    return {
      status: 413 as const,
      error: standardError(
        "InngestErrStateOverflowed",
        `The function run exceeded the state size limit of ${LIMITS.stateBytes} bytes.`,
      ),
    };
  return null;
}

/** Runs one queue item. Any error it throws is the server's own (the item is released, not lost). */
export async function execute(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
  item: QueueItem,
) {
  const { store, clock } = ctx;
  const now = () => new Date(clock.now());
  const fail = (error: unknown) => ended(ctx, run, "Failed", { error });

  switch (item.kind) {
    case "run-timeout":
      await runTimeout(ctx, fn, run);
      return;
    case "wake":
      return stepEnded(store, run.id, item.step_id!, null, item.parallel_mode, now());
    case "wait-timeout":
      if (!(await store.endWait(run.id, item.step_id!))) return;
      return stepEnded(store, run.id, item.step_id!, null, item.parallel_mode, now());
  }

  if (await runTimeout(ctx, fn, run)) return;
  if (run.stack.length >= LIMITS.steps) return void (await fail(stepLimitError()));
  await startFinishTimeout(ctx, fn, run);

  const reply = await call(ctx, fn, run, item);
  const retry = (error: unknown, noRetry: boolean) =>
    retryItem(ctx, fn, run, item, reply.headers?.["retry-after"], error, noRetry);

  if (reply.status === 200)
    return void (await ended(ctx, run, "Completed", { output: reply.body }));
  if (reply.status === 206 && Array.isArray(reply.body)) {
    try {
      await applyOps(ctx, run, item, reply.body as Op[], { fail, retry });
    } catch (error) {
      // An op the server cannot carry out fails this run only, never the server; a database that
      // went away is the server's own trouble: the item is released and runs again.
      if (isDatabaseError(error)) throw error;
      await fail(
        standardError("Error", `could not carry out the step: ${(error as Error).message}`),
      );
    }
    return;
  }
  const error =
    reply.status === 599 || (reply.body && typeof reply.body === "object")
      ? reply.body
      : standardError(
          "Error",
          `the app answered HTTP ${reply.status}: ${String(reply.text).slice(0, 300)}`,
        );
  // Any answer but 2xx is retried unless the app says X-Inngest-No-Retry: true (a 401 or 429 from a
  // proxy in front of the app included), as Inngest's `ShouldRetry` does.
  const noRetry = reply.headers?.["x-inngest-no-retry"] === "true";
  if (await retry(error, noRetry)) return;
  await fail(error);
}

/** Ends a run with Inngest's lifecycle events, logging why. */
async function ended(
  ctx: ExecutorContext,
  run: RunRow,
  status: EndStatus,
  result: { output?: unknown; error?: unknown },
) {
  if (!(await ctx.end(run, status, result))) return;
  if (status === "Failed")
    ctx.log("warn", `run ${run.id} (${run.function_id}) failed: ${errorMessage(result.error)}`);
  else ctx.log("debug", `run ${run.id} (${run.function_id}) ${status.toLowerCase()}`);
}

/** Ends a run as Completed with the function's return value (once). */
export const completeRun = (ctx: ExecutorContext, run: RunRow, output: unknown) =>
  ended(ctx, run, "Completed", { output });

interface Reply {
  status: number;
  headers?: CallReply["headers"];
  text?: string;
  body: unknown;
}

async function call(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
  item: QueueItem,
): Promise<Reply> {
  const url = new URL(fn.url);
  url.searchParams.set("stepId", item.step_id ?? "step");
  // A fresh id per call: a checkpoint from a call this process no longer waits for (it returned,
  // or the server restarted) is refused as stale.
  const callId = `${item.id}.${randomUUID()}`;
  const payload = {
    event: run.event,
    events: [run.event],
    steps: run.steps,
    ctx: {
      run_id: run.id,
      // With these the SDK runs sequential steps one after another in this one call, posting each
      // result to /v1/checkpoint before it starts the next (not for requested steps, nor while the
      // run has ForceStepPlan set).
      fn_id: fn.id,
      qi_id: callId,
      attempt: item.attempt,
      max_attempts: fn.retries + 1,
      disable_immediate_execution: run.parallel,
      use_api: false,
      stack: { stack: run.stack, current: run.stack.length },
    },
    version: 2,
  };
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (ctx.signingKey) headers["x-inngest-signature"] = sign(payload, ctx.signingKey, Date.now());
  ctx.log(
    "debug",
    `${describe(run, item)}: calling (attempt ${item.attempt + 1} of ${fn.retries + 1})`,
  );
  ctx.calls.set(callId, { runId: run.id, item });
  try {
    const reply = await postCall(url, headers, JSON.stringify(payload), ctx.callTimeoutMs);
    return { ...reply, body: safeJson(reply.text) };
  } catch (error) {
    return {
      status: 599,
      body: standardError("FetchError", `calling ${url.origin}: ${(error as Error).message}`),
    };
  } finally {
    ctx.calls.delete(callId);
  }
}

/**
 * Retries the queue item that failed (same step, next attempt), as Inngest's queue does: after
 * `Retry-After` (1 s – 24 h) or the backoff table. False when it may not be retried.
 */
async function retryItem(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
  item: QueueItem,
  retryAfterHeader: string | string[] | undefined,
  error: unknown,
  noRetry: boolean,
): Promise<boolean> {
  const next = item.attempt + 1;
  if (noRetry || next > fn.retries) return false;
  const now = ctx.clock.now();
  const header = Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader;
  const delay = retryAfter(header ?? null, now) ?? backoff(item.attempt);
  ctx.log(
    "warn",
    `${describe(run, item)}: attempt ${next} of ${fn.retries + 1} failed (${errorMessage(error)}); retrying in ${Math.round(delay / 1000)} s`,
  );
  await ctx.store.enqueue(
    run.id,
    "call",
    item.step_id,
    next,
    new Date(now + delay),
    item.parallel_mode,
  );
  return true;
}

interface Actions {
  fail(error: unknown): Promise<void>;
  retry(error: unknown, noRetry: boolean): Promise<boolean>;
}

/** Ops that the server resumes later (Inngest's `hasPlanOp`). */
const PLAN_OPS = new Set(["StepPlanned", "Sleep", "WaitForEvent"]);

/** Checks what Inngest checks when an op arrives; throws a message naming the step. */
function validate(op: Op, now: number) {
  const name = op.displayName ?? op.id;
  try {
    if (op.op === "Sleep") wakeTime(op.opts?.duration ?? op.name ?? "", now);
    if (op.op === "WaitForEvent") {
      if (op.opts?.timeout) wakeTime(op.opts.timeout, now);
      if (op.opts?.if) compile(op.opts.if);
    }
  } catch (error) {
    throw new Error(`step "${name}": ${(error as Error).message}`);
  }
}

const isResult = (op: Op) => op.op === "StepRun" || op.op === "Step";

async function applyOps(
  ctx: ExecutorContext,
  run: RunRow,
  item: QueueItem,
  ops: Op[],
  actions: Actions,
) {
  const { store, clock } = ctx;
  if (ops.length > LIMITS.steps) return actions.fail(stepLimitError());
  for (const op of ops) {
    try {
      validate(op, clock.now());
    } catch (error) {
      return actions.fail(standardError("InngestErrInvalidStep", (error as Error).message));
    }
  }
  const breach = breachedLimit(
    run,
    ops.filter(isResult).map((op) => ({ name: op.displayName ?? op.id, data: op.data })),
  );
  if (breach) return actions.fail(breach.error);
  // A checkpointing SDK ends a run with the steps it ran since its last checkpoint and RunComplete.
  // Inngest handles those ops side by side, so the discoveries its StepRun ops enqueue find the run
  // finalized and are dropped; here they are never enqueued, or one could be called before the run
  // completes and run those steps again.
  const ending = ops.some((op) => op.op === "RunComplete");
  if (ops.length > 1 && !ending) {
    // Parallel steps: the SDK must plan steps from now on, and the next discovery waits until every
    // step of this plan has ended (unless a step is in race mode).
    await store.forceStepPlan(run.id, true);
    if (ops.some((op) => PLAN_OPS.has(op.op)))
      await store.savePending(
        run.id,
        ops.map((op) => op.id),
      );
  }
  const at = new Date(clock.now());
  // Steps and sleeps planned by this answer, scheduled together once its ops are applied.
  const plans: Parameters<typeof store.schedule>[1] = [];
  for (const op of ops) {
    switch (op.op) {
      case "Step":
      case "StepRun":
        // Ending: stored with the others below, in one statement.
        if (!ending)
          await stepEnded(store, run.id, op.id, { data: op.data ?? null }, raceMode(op), at);
        break;
      case "StepError": {
        const noRetry = Boolean((op.error as { noRetry?: unknown } | undefined)?.noRetry);
        if (await actions.retry(op.error, noRetry)) break;
        await stepFailed(op);
        break;
      }
      case "StepFailed":
        await stepFailed(op);
        break;
      case "StepPlanned":
        plans.push({ stepId: op.id, kind: "call", at, parallelMode: raceMode(op) });
        break;
      case "Sleep": {
        const wake = new Date(wakeTime(op.opts?.duration ?? op.name ?? "", at.getTime()));
        plans.push({ stepId: op.id, kind: "wake", at: wake, parallelMode: raceMode(op) });
        break;
      }
      case "WaitForEvent": {
        const expires = new Date(wakeTime(op.opts?.timeout ?? "", at.getTime()));
        const event = op.opts?.event ?? op.name ?? "";
        await store.addWait(run.id, op.id, event, op.opts?.if ?? null, expires, raceMode(op));
        break;
      }
      case "RunComplete":
        await store.memoizeAll(
          run.id,
          ops.filter(isResult).map((result) => ({
            stepId: result.id,
            result: { data: result.data ?? null },
          })),
        );
        return completeRun(ctx, run, op.data);
      default:
        return actions.fail(
          standardError(
            "UnsupportedStep",
            `${op.op} (step "${op.displayName ?? op.id}") is not supported by Weft's local Inngest server`,
          ),
        );
    }
  }
  if (plans.length) await store.schedule(run.id, plans);

  async function stepFailed(op: Op) {
    await stepEnded(store, run.id, op.id, { error: op.error }, item.parallel_mode, at);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error)
    return String((error as { message: unknown }).message);
  return typeof error === "string" ? error : JSON.stringify(error);
}
