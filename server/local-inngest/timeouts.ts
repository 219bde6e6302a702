// A function's `timeouts` option, as Inngest has it (pkg/execution/executor/validate.go and the
// eager cancellations in service.go): `start` cancels a run that has not been called within that
// long of its event; `finish` cancels one still running that long after its first call.
import type { ExecutorContext } from "./executor";
import type { RegisteredFunction } from "./function-config";
import type { RunRow } from "./store";

/** Cancels the run if one of its timeouts has passed; true if it did. */
export async function runTimeout(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
): Promise<boolean> {
  const { start, finish } = fn.timeouts;
  const now = ctx.clock.now();
  const late =
    (start !== undefined && !run.called_at && now - run.started_at.getTime() >= start) ||
    (finish !== undefined && run.called_at && now - run.called_at.getTime() >= finish);
  if (!late) return false;
  if (await ctx.end(run, "Cancelled", {}))
    ctx.log("info", `run ${run.id} (${run.function_id}) cancelled: its timeout passed`);
  return true;
}

/** On a run's first call: schedules the check of its finish timeout. */
export async function startFinishTimeout(
  ctx: ExecutorContext,
  fn: RegisteredFunction,
  run: RunRow,
) {
  const now = ctx.clock.now();
  if (run.called_at || !(await ctx.store.markCalled(run.id, new Date(now)))) return;
  run.called_at = new Date(now);
  if (fn.timeouts.finish !== undefined)
    await ctx.store.enqueue(run.id, "run-timeout", null, 0, new Date(now + fn.timeouts.finish));
}
