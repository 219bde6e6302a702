import "server-only";
import type { Evaluator } from "@/lib/expressions/evaluate";
import { simplePath } from "@/lib/expressions/template";
import { evaluateSandboxed } from "./pool";

/**
 * How the engine evaluates `{{ }}` expressions for a team's runs: a plain dotted path (most of
 * them) is read in-process, since it cannot loop; any other JSONata runs on the worker pool, where
 * a hard deadline stops it.
 */
export function sandboxedEvaluator(teamId: string): Evaluator {
  return async (source, scope) => {
    const path = simplePath(source, scope);
    if (path) return path.value;
    const result = await evaluateSandboxed({ expression: source.trim(), input: scope, teamId });
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
}
