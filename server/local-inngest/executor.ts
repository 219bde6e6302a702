import { randomUUID } from "node:crypto";
import type { RegisteredFunction } from "./function-config";
import type { Clock } from "./clock";
import type { Logger } from "./log";
import { sign } from "./signing";
import type { QueueItem, RunRow, Store } from "./store";
import { backoff, retryAfter, wakeTime } from "./time";

/** An op the SDK answers with (206), as in Inngest's SDK spec. */
interface Op {
  op: string;
  id: string;
  name?: string;
  data?: unknown;
  error?: unknown;
  opts?: { timeout?: string; if?: string };
  displayName?: string;
}

export interface ExecutorContext {
  store: Store;
  clock: Clock;
  log: Logger;
  signingKey?: string;
  /**
   * The calls in flight, by the queue item id sent as `ctx.qi_id`, with their run: the SDK may
   * checkpoint steps against them (see LocalInngest.checkpoint) until the call returns.
   */
  calls: Map<string, string>;
  /** Called when a run ends, e.g. to emit `inngest/function.failed`. */
  onFinished(run: RunRow, status: "Completed" | "Failed", result: unknown): Promise<void>;
}

const describe = (run: RunRow, item: QueueItem) =>
  `run ${run.id} (${run.function_id})${item.step_id ? ` step ${item.step_id}` : ""}`;

/** Calls the SDK for one queue item and applies its answer to the run. */
export async function execute(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
  item: QueueItem,
) {
  const { store, clock, log } = ctx;
  const now = () => new Date(clock.now());
  const discover = () => store.enqueue(run.id, "call", null, 0, now());

  if (item.kind === "wake") {
    if (await store.memoize(run.id, item.step_id!, { data: null })) await discover();
    return;
  }
  if (item.kind === "wait-timeout") {
    if (
      (await store.endWait(run.id, item.step_id!)) &&
      (await store.memoize(run.id, item.step_id!, { data: null }))
    )
      await discover();
    return;
  }

  const url = new URL(fn.url);
  url.searchParams.set("stepId", item.step_id ?? "step");
  // A fresh id per call: a checkpoint from a call this process no longer waits for (it returned,
  // or the server restarted) is refused as stale.
  const callId = `${item.id}.${randomUUID()}`;
  const body = {
    event: run.event,
    events: [run.event],
    steps: run.steps,
    ctx: {
      run_id: run.id,
      // With these the SDK runs sequential steps one after another in this one call, posting each
      // result to /v1/checkpoint before it starts the next (it does not for requested steps or
      // once the run has gone parallel).
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
  if (ctx.signingKey) headers["x-inngest-signature"] = sign(body, ctx.signingKey, Date.now());

  log(
    "debug",
    `${describe(run, item)}: calling (attempt ${item.attempt + 1} of ${fn.retries + 1})`,
  );
  let status: number;
  let text: string;
  let reply: Response | undefined;
  ctx.calls.set(callId, run.id);
  try {
    reply = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
    status = reply.status;
    text = await reply.text();
  } catch (error) {
    status = 599;
    text = JSON.stringify({
      name: "FetchError",
      message: `could not reach ${url.origin}: ${(error as Error).message}`,
    });
  } finally {
    ctx.calls.delete(callId);
  }
  const parsed = safeJson(text);

  const fail = async (error: unknown) => {
    if (await store.finish(run.id, "Failed", { error }, now())) {
      log("warn", `run ${run.id} (${run.function_id}) failed: ${errorMessage(error)}`);
      await ctx.onFinished(run, "Failed", error);
    }
  };
  const retryOrFail = async (
    stepId: string | null,
    attempt: number,
    error: unknown,
    noRetry: boolean,
  ) => {
    const next = attempt + 1;
    if (noRetry || next > fn.retries) return false;
    const delay =
      retryAfter(reply?.headers.get("retry-after") ?? null, clock.now()) ?? backoff(next);
    log(
      "warn",
      `${describe(run, { ...item, step_id: stepId })}: attempt ${next} of ${fn.retries + 1} failed (${errorMessage(error)}); retrying in ${Math.round(delay / 1000)} s`,
    );
    await store.enqueue(run.id, "call", stepId, next, new Date(clock.now() + delay));
    return true;
  };

  if (status === 200) return completeRun(ctx, run, parsed);
  if (status === 206 && Array.isArray(parsed)) {
    await applyOps(ctx, fn, run, item, parsed as Op[], { discover, fail, retryOrFail });
    return;
  }
  const noRetry = reply?.headers.get("x-inngest-no-retry") === "true" || status === 400;
  if (status >= 500 && (await retryOrFail(item.step_id, item.attempt, parsed, noRetry))) return;
  await fail(
    status >= 500 || status === 400
      ? parsed
      : { name: "Error", message: `the app answered HTTP ${status}: ${text.slice(0, 300)}` },
  );
}

/** Ends a run as Completed with the function's return value (once). */
export async function completeRun(ctx: ExecutorContext, run: RunRow, output: unknown) {
  if (await ctx.store.finish(run.id, "Completed", { output }, new Date(ctx.clock.now()))) {
    ctx.log("debug", `run ${run.id} (${run.function_id}) completed`);
    await ctx.onFinished(run, "Completed", output);
  }
}

interface Actions {
  discover(): Promise<void>;
  fail(error: unknown): Promise<void>;
  retryOrFail(
    stepId: string | null,
    attempt: number,
    error: unknown,
    noRetry: boolean,
  ): Promise<boolean>;
}

async function applyOps(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
  item: QueueItem,
  ops: Op[],
  actions: Actions,
) {
  const { store, clock } = ctx;
  const planned = ops.filter((op) => op.op === "StepPlanned");
  if (planned.length > 1 && !run.parallel) await store.markParallel(run.id);
  let progressed = false;
  for (const op of ops) {
    switch (op.op) {
      case "Step":
      case "StepRun":
        progressed = (await store.memoize(run.id, op.id, { data: op.data ?? null })) || progressed;
        break;
      case "StepFailed":
        progressed = (await store.memoize(run.id, op.id, { error: op.error })) || progressed;
        break;
      case "StepError": {
        const attempt = item.step_id === op.id ? item.attempt : 0;
        if (!(await actions.retryOrFail(op.id, attempt, op.error, false))) {
          progressed = (await store.memoize(run.id, op.id, { error: op.error })) || progressed;
        }
        break;
      }
      case "StepPlanned":
        if (await store.plan(run.id, op.id))
          await store.enqueue(run.id, "call", op.id, 0, new Date(clock.now()));
        break;
      case "Sleep":
        if (await store.plan(run.id, op.id))
          await store.enqueue(
            run.id,
            "wake",
            op.id,
            0,
            new Date(wakeTime(op.name ?? "", clock.now())),
          );
        break;
      case "WaitForEvent": {
        if (!(await store.plan(run.id, op.id))) break;
        const expires = wakeTime(op.opts?.timeout ?? "", clock.now());
        await store.addWait(run.id, op.id, op.name ?? "", op.opts?.if ?? null, new Date(expires));
        break;
      }
      case "RunComplete":
        return completeRun(ctx, run, op.data);
      default:
        await actions.fail({
          name: "UnsupportedStep",
          message: `${op.op} (step "${op.displayName ?? op.id}") is not supported by Weft's local Inngest server`,
        });
        return;
    }
  }
  if (progressed) await actions.discover();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error)
    return String((error as { message: unknown }).message);
  return typeof error === "string" ? error : JSON.stringify(error);
}
