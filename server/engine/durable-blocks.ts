import "server-only";
import { redact } from "@/lib/expressions/redact";
import { BlockError } from "../blocks/types";
import { loadNodeContext, recordFailure, resolvedConfig, type StepOutcome } from "./node-step";
import { recordedOutcome, setNodeState } from "./state";

/** Parses a delay's resolved config into the time it ends. */
export function delayUntil(config: Record<string, unknown>, now: number): Date {
  if (config.until !== undefined && config.until !== "") {
    const until = new Date(String(config.until));
    if (Number.isNaN(until.getTime()))
      throw new BlockError(`config.until: "${String(config.until)}" is not a date and time`, false);
    return until;
  }
  const seconds = Number(config.seconds);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new BlockError("config.seconds: must be a number of seconds", false);
  return new Date(now + seconds * 1000);
}

/**
 * A delay at most this long waits inside its step (one step instead of a step, a durable sleep
 * and a step, and no call of the function in between). A crash during that wait runs the step
 * again: the delay then starts over, at most this much later than planned.
 */
export const SHORT_DELAY_SECONDS = 5;

/** Whether a delay's config is a fixed number of seconds short enough to wait in its step. */
export function isShortDelay(config: Record<string, unknown>): boolean {
  if (config.until !== undefined && config.until !== "") return false;
  const text = typeof config.seconds === "string" ? config.seconds.trim() : undefined;
  const seconds = text !== undefined ? (text ? Number(text) : Number.NaN) : config.seconds;
  return typeof seconds === "number" && seconds >= 0 && seconds <= SHORT_DELAY_SECONDS;
}

/**
 * A delay's first step: starts it and, when it ends within `maxWaitMs`, waits and completes it
 * here; otherwise returns when the durable sleep must end.
 */
export async function delayStep(
  runId: string,
  nodeId: string,
  inputFrom: string | null,
  maxWaitMs = SHORT_DELAY_SECONDS * 1000,
): Promise<StepOutcome | { until: string }> {
  const wait = await beginDelay(runId, nodeId, inputFrom);
  if ("status" in wait) return wait;
  const until = Date.parse(wait.until);
  if (until - Date.now() > maxWaitMs) return wait;
  // A timer may fire a millisecond early: a delay never ends before its time.
  for (let left = until - Date.now(); left > 0; left = until - Date.now())
    await new Promise((resolve) => setTimeout(resolve, left));
  return endDelay(runId, nodeId, wait.until);
}

/** Starts a delay node: Running until the durable sleep ends (it survives restarts). */
export async function beginDelay(
  runId: string,
  nodeId: string,
  inputFrom: string | null,
): Promise<StepOutcome | { until: string }> {
  const ctx = await loadNodeContext(runId, nodeId, inputFrom);
  if (!ctx) return { status: "cancelled" };
  try {
    const config = await resolvedConfig(ctx);
    const now = Date.now();
    const until = delayUntil(config, now);
    const started = await setNodeState(
      runId,
      nodeId,
      "RUNNING",
      { attempts: 1, startedAt: new Date(now), input: redact(config, ctx.secrets) },
      { until: until.toISOString() },
    );
    return started ? { until: until.toISOString() } : recordedOutcome(runId, nodeId);
  } catch (error) {
    return recordFailure(ctx, 1, 1, error);
  }
}

export async function endDelay(runId: string, nodeId: string, until: string): Promise<StepOutcome> {
  const done = await setNodeState(runId, nodeId, "COMPLETED", {
    output: { waitedUntil: until },
    finishedAt: new Date(),
  });
  return done ? { status: "completed" } : recordedOutcome(runId, nodeId);
}
