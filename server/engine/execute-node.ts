import "server-only";
import { redact } from "@/lib/expressions/redact";
import { runtimeOf } from "../blocks/registry";
import { BlockError, secretLookup, type BlockResult, type LogLevel } from "../blocks/types";
import { logBuffer } from "./log-buffer";
import { lookUpCache, storeInCache } from "./node-cache";
import { recordFailure, resolvedConfig, startNode, type StepOutcome } from "./node-step";
import { recordedOutcome, setNodeState } from "./state";

export type { StepOutcome };

/** Outputs above this size are refused: they would not fit a run view or the database row well. */
export const MAX_OUTPUT_BYTES = 5 * 1024 * 1024;

function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  seconds: number | undefined,
): Promise<T> {
  const controller = new AbortController();
  if (!seconds) return work(controller.signal);
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new BlockError(`The node timed out after ${seconds} s`));
    }, seconds * 1000);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

/** One attempt of a node that runs inside a single step (every block but the durable waits). */
export async function executeNode(
  runId: string,
  nodeId: string,
  attempt: number,
  maxAttempts: number,
  inputFrom: string | null,
): Promise<StepOutcome> {
  const loaded = await startNode(runId, nodeId, inputFrom, attempt);
  if (!loaded) return { status: "cancelled" };
  if (!loaded.started) return recordedOutcome(runId, nodeId);
  const { ctx } = loaded;
  const buffer = logBuffer();
  const log = (level: LogLevel, message: string) => buffer.log(level, message);
  let config: Record<string, unknown> | undefined;
  try {
    const resolved = await resolvedConfig(ctx);
    config = resolved;
    const input = redact(resolved, ctx.secrets);
    const runtime = runtimeOf(ctx.node.block);
    if (runtime?.kind !== "step")
      throw new BlockError(`Block "${ctx.node.block}" does not run as a single step`, false);
    const runner = runtime.run;

    const cached = await lookUpCache(ctx, resolved);
    if (cached?.hit) {
      log("info", "Output taken from the cache");
      await setNodeState(runId, nodeId, "CACHED", {
        input,
        output: cached.hit.output,
        logs: buffer.lines(),
        finishedAt: new Date(),
      });
      return { status: "cached" };
    }

    const deadline = ctx.node.timeoutSeconds
      ? Date.now() + ctx.node.timeoutSeconds * 1000
      : Infinity;
    const result: BlockResult = await withTimeout(
      (signal) =>
        runner({
          teamId: ctx.teamId,
          config: resolved,
          input: ctx.input,
          scope: ctx.scope,
          signal,
          log,
          timeLeftMs: () => deadline - Date.now(),
          secret: secretLookup(ctx.secrets),
        }),
      ctx.node.timeoutSeconds,
    );
    const output = redact(result.output ?? null, ctx.secrets);
    const size = Buffer.byteLength(JSON.stringify(output));
    if (size > MAX_OUTPUT_BYTES)
      throw new BlockError(
        `The output is ${(size / 1048576).toFixed(1)} MB; a node's output may be at most ${MAX_OUTPUT_BYTES / 1048576} MB`,
        false,
      );
    if (cached) await storeInCache(ctx, cached.key, output);
    const completed = await setNodeState(
      runId,
      nodeId,
      "COMPLETED",
      {
        input,
        output,
        branch: result.branch ?? null,
        logs: redact(buffer.lines(), ctx.secrets),
        finishedAt: new Date(),
      },
      { attempt, ...(result.branch ? { branch: result.branch } : {}) },
    );
    if (!completed) return recordedOutcome(runId, nodeId);
    return { status: "completed", ...(result.branch ? { branch: result.branch } : {}) };
  } catch (error) {
    return recordFailure(ctx, attempt, maxAttempts, error, buffer.lines(), config);
  }
}
