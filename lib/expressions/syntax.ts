import { parser as javascriptParser } from "@lezer/javascript";
import jsonata from "jsonata";
import { expressionSource } from "./evaluate";
import { hasExpression, parseTemplate } from "./template";
import type { FieldSpec } from "../blocks/fields";

/** Why a JSONata expression does not parse, with its position, or null when it does. */
export function jsonataSyntaxError(source: string): string | null {
  if (!source.trim()) return null;
  try {
    jsonata(source);
    return null;
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    return `${message ?? String(error)}${typeof position === "number" ? ` (at position ${position})` : ""}`;
  }
}

/**
 * The JSONata a field's text holds, as the engine will read it: a JSONata code field whole, an
 * expression field (`raw`) as one expression, any other text field's `{{ }}` parts one by one.
 */
export function jsonataIn(field: FieldSpec, text: string): string[] {
  // `{{ }}` in code has a warning of its own (it is never expanded there).
  if (field.kind === "code")
    return field.language === "jsonata" && !hasExpression(text) ? [text] : [];
  if (field.kind !== "text") return [];
  if (field.raw) return text === "true" || text === "false" ? [] : [expressionSource(text)];
  return parseTemplate(text).flatMap((part) => (part.kind === "expression" ? [part.source] : []));
}

const typescriptParser = javascriptParser.configure({ dialect: "ts" });

/**
 * Where JavaScript (or TypeScript) stops parsing ("line 2, column 5"), or null. Lezer's parser is
 * tolerant and quick; the sandbox has the last word, so this is a warning in the Problems panel.
 */
export function javascriptSyntaxError(code: string, typescript = false): string | null {
  let at: number | null = null;
  (typescript ? typescriptParser : javascriptParser).parse(code).iterate({
    enter(node) {
      if (at === null && node.type.isError) at = node.from;
      return at === null;
    },
  });
  if (at === null) return null;
  const before = code.slice(0, at).split("\n");
  return `syntax error at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/**
 * The modules code imports, each with its line: `import … from "x"`, `import("x")`,
 * `require("x")` and `export … from "x"` (literal names; a computed one is for the sandbox).
 */
export function importsIn(code: string, typescript = false): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  const add = (literal: { from: number; to: number } | null | undefined) => {
    if (literal?.from === undefined) return;
    found.push({
      name: code.slice(literal.from + 1, literal.to - 1),
      line: code.slice(0, literal.from).split("\n").length,
    });
  };
  (typescript ? typescriptParser : javascriptParser).parse(code).iterate({
    enter({ name, node }) {
      if (name === "ImportDeclaration" || name === "ExportDeclaration" || name === "DynamicImport")
        add(node.getChild("String"));
      else if (name === "CallExpression") {
        const callee = node.firstChild;
        const first = node.getChild("ArgList")?.firstChild?.nextSibling;
        if (callee && code.slice(callee.from, callee.to) === "require" && first?.name === "String")
          add(first);
      }
    },
  });
  return found;
}
