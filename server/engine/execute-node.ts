import "server-only";
import { redact } from "@/lib/expressions/redact";
import { runtimeOf } from "../blocks/registry";
import { BlockError, secretLookup, type BlockResult, type LogLevel } from "../blocks/types";
import { connectionLoader } from "../connections/runtime";
import { logBuffer } from "./log-buffer";
import { lookUpCache, storeInCache } from "./node-cache";
import {
  loadNodeContext,
  recordFailure,
  resolvedConfig,
  type ChainCarry,
  type StepOutcome,
} from "./node-step";
import { recordedOutcome, setNodeState, writeNodeState, type NodeFields } from "./state";

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

/** A node still going after this long shows Running; one that ends sooner goes straight to its outcome. */
export const RUNNING_AFTER_MS = 50;

/**
 * The attempt's Running row, written only once the node has run for RUNNING_AFTER_MS: a node that
 * ends sooner goes from Pending to its outcome in one write (one commit a node instead of two),
 * which then carries the attempt's start. The row is not an outcome: whether it was written or not,
 * a crash before the outcome leaves a node whose replayed step runs it again.
 */
function deferredStart(runId: string, nodeId: string, attempt: number) {
  const started: NodeFields = { attempts: attempt, startedAt: new Date(), error: null };
  let written: Promise<boolean> | undefined;
  const timer = setTimeout(() => {
    written = setNodeState(runId, nodeId, "RUNNING", started, { attempt }).catch(() => false);
  }, RUNNING_AFTER_MS);
  return {
    /** Fields the outcome's write carries: the start's, unless the Running row has them. */
    async end(): Promise<NodeFields> {
      clearTimeout(timer);
      if (!written) return started;
      // The outcome must not overtake the Running row; its write takes whatever it missed.
      return (await written) ? {} : started;
    },
  };
}

/** What one node of a chain hands the next (see ChainCarry), emptied by any other outcome. */
export interface Chain {
  carry?: ChainCarry;
}

/**
 * One attempt of a node that runs inside a single step (every block but the durable waits). In a
 * chain, the node takes what the one before it left in `chain` and leaves its own.
 */
export async function executeNode(
  runId: string,
  nodeId: string,
  attempt: number,
  maxAttempts: number,
  inputFrom: string | null,
  chain?: Chain,
): Promise<StepOutcome> {
  const carry = chain?.carry;
  if (chain) chain.carry = undefined;
  const ctx = await loadNodeContext(runId, nodeId, inputFrom, carry);
  if (!ctx) return { status: "cancelled" };
  if (!ctx.startable) return recordedOutcome(runId, nodeId);
  const start = deferredStart(runId, nodeId, attempt);
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
        ...(await start.end()),
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
          connection: connectionLoader(ctx.teamId, resolved.connectionId, ctx.secrets),
          redact: (value) => {
            if (value) ctx.secrets[`obtained ${Object.keys(ctx.secrets).length}`] = value;
          },
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
    const completed = await writeNodeState(
      runId,
      nodeId,
      "COMPLETED",
      {
        ...(await start.end()),
        input,
        output,
        branch: result.branch ?? null,
        logs: redact(buffer.lines(), ctx.secrets),
        finishedAt: new Date(),
      },
      { attempt, ...(result.branch ? { branch: result.branch } : {}) },
      Boolean(chain),
    );
    if (!completed.changed) return recordedOutcome(runId, nodeId);
    if (chain)
      chain.carry = {
        run: ctx.run,
        nodes: { ...ctx.scope.nodes, [nodeId]: { output: completed.output } },
      };
    return { status: "completed", ...(result.branch ? { branch: result.branch } : {}) };
  } catch (error) {
    return recordFailure(ctx, attempt, maxAttempts, error, {
      logs: buffer.lines(),
      input: config,
      started: await start.end(),
    });
  }
}
