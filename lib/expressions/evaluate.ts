import jsonata from "jsonata";
import { parseTemplate, simplePath, wholeExpression } from "./template";

/** What an expression can see while a node runs. */
export interface ExpressionScope {
  params: Record<string, unknown>;
  nodes: Record<string, { output: unknown }>;
  secrets: Record<string, string>;
  run: { id: string; flow: string; startedAt: string; trigger: string };
}

/** An expression that failed: names the node, the field and the expression. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  constructor(
    readonly nodeId: string,
    readonly field: string,
    readonly expression: string,
    reason: string,
  ) {
    super(`Node "${nodeId}", field ${field}: {{ ${expression} }}: ${reason}`);
  }
}

/** A JSONata expression may run this long and nest this deep before it is stopped. */
export const EXPRESSION_LIMITS = { timeMs: 1_000, depth: 500 };

/**
 * Compiles a JSONata expression that stops itself after `timeMs` or when recursion gets deeper
 * than `depth` (JSONata calls the entry/exit hooks around every evaluation step).
 */
export function timeboxed(source: string, limits = EXPRESSION_LIMITS) {
  const expression = jsonata(source);
  let depth = 0;
  let deadline = 0;
  expression.assign(Symbol.for("jsonata.__evaluate_entry") as unknown as string, () => {
    depth++;
    if (depth > limits.depth)
      throw new Error(`the expression recursed deeper than ${limits.depth} levels`);
    if (Date.now() > deadline)
      throw new Error(`the expression ran longer than ${limits.timeMs} ms`);
  });
  expression.assign(Symbol.for("jsonata.__evaluate_exit") as unknown as string, () => {
    depth--;
  });
  return {
    evaluate(input: unknown, bindings?: Record<string, unknown>) {
      depth = 0;
      deadline = Date.now() + limits.timeMs;
      return expression.evaluate(input, bindings);
    },
  };
}

/** Evaluates one expression's source over the scope (in-process, or where it can be stopped). */
export type Evaluator = (source: string, scope: ExpressionScope) => Promise<unknown>;

/** In-process evaluation with the timebox: for tests and tools; the engine uses its worker pool. */
export const evaluateInProcess: Evaluator = async (source, scope) => {
  const path = simplePath(source, scope);
  return path ? path.value : timeboxed(source.trim()).evaluate(scope);
};

/**
 * An expression field's text as one JSONata expression: `{{ a }} = {{ b }}` becomes
 * `(a) = (b)`, so the author's expressions run with the values bound as data, never pasted in.
 */
export function expressionSource(text: string): string {
  return parseTemplate(text)
    .map((part) => (part.kind === "text" ? part.text : `(${part.source.trim()})`))
    .join("");
}

const asText = (value: unknown) =>
  value === undefined || value === null
    ? ""
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

/**
 * Resolves every `{{ … }}` in a node's config, except in the `raw` fields (code and expressions,
 * which bind values as data themselves). A string that is exactly one expression keeps the
 * value's type (object, number, list); expressions inside text are interpolated as text.
 */
export async function resolveConfig(
  config: Record<string, unknown>,
  scope: ExpressionScope,
  nodeId: string,
  raw: ReadonlySet<string> = new Set(),
  evaluator: Evaluator = evaluateInProcess,
): Promise<Record<string, unknown>> {
  const evaluate = async (source: string, field: string) => {
    try {
      return await evaluator(source, scope);
    } catch (error) {
      const message = (error as { message?: string }).message ?? String(error);
      throw new ExpressionError(nodeId, field, source.trim(), message);
    }
  };
  async function resolve(value: unknown, field: string): Promise<unknown> {
    if (typeof value === "string") {
      const whole = wholeExpression(value);
      if (whole !== null) return evaluate(whole, field);
      let result = "";
      for (const part of parseTemplate(value))
        result += part.kind === "text" ? part.text : asText(await evaluate(part.source, field));
      return result;
    }
    if (Array.isArray(value))
      return Promise.all(value.map((item, index) => resolve(item, `${field}[${index}]`)));
    if (value && typeof value === "object") {
      const entries = await Promise.all(
        Object.entries(value).map(
          async ([key, inner]) => [key, await resolve(inner, `${field}.${key}`)] as const,
        ),
      );
      return Object.fromEntries(entries);
    }
    return value;
  }
  const entries = await Promise.all(
    Object.entries(config).map(
      async ([key, value]) =>
        [key, raw.has(key) ? value : await resolve(value, `config.${key}`)] as const,
    ),
  );
  return Object.fromEntries(entries);
}
