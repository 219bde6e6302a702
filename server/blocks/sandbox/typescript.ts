import { transform } from "sucrase";

/** Transpiled code by source: a node's code runs many times, and is transpiled once. */
const transpiled = new Map<string, StripResult>();
const CACHED = 500;

export type StripResult = { ok: true; code: string } | { ok: false; error: string; frame: string };

/**
 * A TypeScript code node's body as JavaScript: types removed (Sucrase), nothing else changed.
 * Sucrase keeps every line where it was, so a run-time error's line is the TypeScript line (a
 * column is exact on lines without type annotations). Top-level `return` and `await` stay, as
 * the sandbox runs the body inside an async function. Syntax errors come back with their line
 * and column in the frame format the sandbox uses.
 */
export function stripTypes(source: string): StripResult {
  let result = transpiled.get(source);
  if (!result) {
    try {
      result = {
        ok: true,
        code: transform(source, { transforms: ["typescript"], disableESTransforms: true }).code,
      };
    } catch (error) {
      const { message, loc } = error as { message: string; loc?: { line: number; column: number } };
      const at = loc ? `line ${loc.line}:${loc.column}` : "line 1";
      result = {
        ok: false,
        error: `SyntaxError: ${message.replace(/\s*\(\d+:\d+\)$/, "")}`,
        frame: `at code (${at})`,
      };
    }
    if (transpiled.size >= CACHED) transpiled.delete(transpiled.keys().next().value!);
    transpiled.set(source, result);
  }
  return result;
}
