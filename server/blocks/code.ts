import { expressionSource, timeboxed } from "@/lib/expressions/evaluate";
import { runSandboxed, SANDBOX_LIMITS } from "./sandbox/pool";
import { BlockError, type BlockContext, type BlockRunner } from "./types";

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

export const runJavaScript: BlockRunner = async (ctx) => {
  const result = await runSandboxed({
    code: String(ctx.config.code ?? ""),
    globals: inputs(ctx),
    timeMs: Math.max(1, Math.min(SANDBOX_LIMITS.timeMs, ctx.timeLeftMs())),
  });
  for (const line of result.logs) ctx.log(line.level, line.message);
  if (!result.ok) throw new BlockError(result.error, false, result.frame);
  return { output: result.value };
};

export const runTransform: BlockRunner = async (ctx) => {
  const source = String(ctx.config.expression ?? "");
  try {
    return { output: (await timeboxed(source).evaluate(inputs(ctx))) ?? null };
  } catch (error) {
    throw new BlockError(`config.expression: ${(error as Error).message ?? String(error)}`, false);
  }
};

/**
 * True when the condition's JSONata expression is truthy. `{{ … }}` in it are the author's
 * expressions, evaluated with the run's values bound as data: a value is never read as code.
 */
export const runCondition: BlockRunner = async (ctx) => {
  let value = ctx.config.expression;
  if (value === "true" || value === "false") value = value === "true";
  else if (typeof value === "string" && value.trim()) {
    try {
      value = await timeboxed(expressionSource(value)).evaluate(inputs(ctx));
    } catch (error) {
      throw new BlockError(
        `config.expression: ${(error as Error).message ?? String(error)}`,
        false,
      );
    }
  }
  const passed = Array.isArray(value)
    ? value.length > 0
    : value === "false"
      ? false
      : Boolean(value);
  ctx.log("info", `The condition is ${passed}`);
  return { output: { result: passed }, branch: passed ? "true" : "false" };
};
