import "server-only";
import { expressionSource } from "@/lib/expressions/evaluate";
import {
  evaluateSandboxed,
  runSandboxed,
  SANDBOX_LIMITS,
  type SandboxResult,
} from "./sandbox/pool";
import { compileCode } from "./sandbox/compile";
import { BlockError, type BlockContext, type BlockRunner } from "./types";

/** A wait for a sandbox worker at least this long is written to the node's log. */
const QUEUE_NOTICE_MS = 100;

/**
 * What code, transforms and conditions see, as data: the first parent's output, parameters,
 * upstream nodes, the secrets the node names (`secrets.NAME`) and the run.
 */
const inputs = (ctx: BlockContext) => ({
  input: ctx.input ?? null,
  params: ctx.scope.params,
  nodes: ctx.scope.nodes,
  secrets: ctx.scope.secrets,
  run: ctx.scope.run,
});

/** Says how long the work waited for a free sandbox worker, when it waited noticeably. */
function logQueue(ctx: BlockContext, result: SandboxResult) {
  if (result.queuedMs >= QUEUE_NOTICE_MS)
    ctx.log("info", `Waited ${result.queuedMs} ms for a free sandbox worker`);
}

/**
 * Runs a code node, TypeScript or JavaScript, in the sandbox: compiled first (types stripped,
 * standard library imports resolved), its errors put back on the author's lines and columns.
 */
export const runJavaScript: BlockRunner = async (ctx) => {
  const language = ctx.config.language === "typescript" ? "typescript" : "javascript";
  const compiled = compileCode(String(ctx.config.code ?? ""), language);
  if (!compiled.ok) throw new BlockError(compiled.error, false, compiled.frame);
  const result = await runSandboxed({
    code: compiled.code,
    globals: inputs(ctx),
    timeMs: Math.max(1, Math.min(SANDBOX_LIMITS.timeMs, ctx.timeLeftMs())),
    teamId: ctx.teamId,
  });
  logQueue(ctx, result);
  for (const line of result.logs) ctx.log(line.level, line.message);
  // Past the limit the node's log ends with a truncation notice: one more line triggers it.
  if (result.droppedLogs) ctx.log("warn", `${result.droppedLogs} console line(s) dropped`);
  if (!result.ok) throw new BlockError(result.error, false, compiled.locate(result.frame));
  return { output: result.value ?? null };
};

/** A JSONata expression over the node's inputs, on the worker pool (where it can be stopped). */
async function evaluate(ctx: BlockContext, source: string): Promise<unknown> {
  const result = await evaluateSandboxed({
    expression: source,
    input: inputs(ctx),
    teamId: ctx.teamId,
  });
  logQueue(ctx, result);
  if (!result.ok) throw new BlockError(`config.expression: ${result.error}`, false);
  return result.value;
}

export const runTransform: BlockRunner = async (ctx) => ({
  output: (await evaluate(ctx, String(ctx.config.expression ?? ""))) ?? null,
});

/**
 * True when the condition's JSONata expression is truthy. `{{ … }}` in it are the author's
 * expressions, evaluated with the run's values bound as data: a value is never read as code.
 */
export const runCondition: BlockRunner = async (ctx) => {
  let value = ctx.config.expression;
  if (value === "true" || value === "false") value = value === "true";
  else if (typeof value === "string" && value.trim())
    value = await evaluate(ctx, expressionSource(value));
  const passed = Array.isArray(value)
    ? value.length > 0
    : value === "false"
      ? false
      : Boolean(value);
  ctx.log("info", `The condition is ${passed}`);
  return { output: { result: passed }, branch: passed ? "true" : "false" };
};
