import { SourceMapConsumer } from "source-map-js";
import { transform } from "sucrase";

export type Compiled =
  | {
      ok: true;
      code: string;
      /** A sandbox frame ("at f (line 3:14)") with its line and column in the author's source. */
      locate(frame: string | undefined): string | undefined;
    }
  | { ok: false; error: string; frame: string };

/** Compiled code by language and source: a node's code runs many times, and compiles once. */
const compiled = new Map<string, Compiled>();
const CACHED = 500;

function locator(map: SourceMapConsumer) {
  return (frame: string | undefined) =>
    frame?.replace(/\(line (\d+):(\d+)\)/g, (whole, line: string, column: string) => {
      const original = map.originalPositionFor({ line: Number(line), column: Number(column) - 1 });
      return original.line === null ? whole : `(line ${original.line}:${original.column + 1})`;
    });
}

/**
 * A code node's body as the sandbox runs it (Sucrase): TypeScript types removed, `import`s of the
 * standard library turned into `require` calls (lib/code/stdlib.ts), nothing else changed. Lines
 * stay where they were, and a source map puts a run-time error's column back on the author's
 * text. Top-level `return` and `await` stay: the sandbox runs the body inside an async function.
 * Syntax errors come back with their line and column in the sandbox's frame format.
 */
export function compileCode(source: string, language: "typescript" | "javascript"): Compiled {
  const key = `${language}\n${source}`;
  let result = compiled.get(key);
  if (!result) {
    try {
      const output = transform(source, {
        transforms: language === "typescript" ? ["typescript", "imports"] : ["imports"],
        disableESTransforms: true,
        filePath: "code",
        sourceMapOptions: { compiledFilename: "code.js" },
      });
      const map = new SourceMapConsumer({ ...output.sourceMap!, version: "3" });
      result = { ok: true, code: output.code, locate: locator(map) };
    } catch (error) {
      const { message, loc } = error as { message: string; loc?: { line: number; column: number } };
      const at = loc ? `line ${loc.line}:${loc.column}` : "line 1";
      result = {
        ok: false,
        error: `SyntaxError: ${message.replace(/^Error transforming code: /, "").replace(/\s*\(\d+:\d+\)$/, "")}`,
        frame: `at code (${at})`,
      };
    }
    if (compiled.size >= CACHED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, result);
  }
  return result;
}
