import type { CompletionScope } from "../expressions/completions";
import { STDLIB } from "./stdlib";

/** How deep an inferred type goes, and how many list items it looks at. */
const DEPTH = 6;
const ITEMS = 3;

const PARAMETER_TYPES: Record<string, string> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  json: "any",
};

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** The TypeScript type of a sample JSON value: objects by their keys, lists by their items. */
export function typeOfSample(value: unknown, depth = 0): string {
  if (value === null) return "null";
  if (depth >= DEPTH) return "any";
  if (Array.isArray(value)) {
    const items = [...new Set(value.slice(0, ITEMS).map((item) => typeOfSample(item, depth + 1)))];
    if (!items.length) return "any[]";
    return items.length === 1 ? `${items[0]}[]` : `(${items.join(" | ")})[]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return "Record<string, any>";
    return `{ ${entries.map(([name, inner]) => `${key(name)}: ${typeOfSample(inner, depth + 1)};`).join(" ")} }`;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return typeof value;
  return "any";
}

/**
 * The globals a code node sees, as TypeScript declarations: `params` from the flow's declared
 * parameter types, `nodes.<id>.output` (upstream only) and `input` inferred from sample data
 * (the latest run or pinned data; `any` without one: a shape nobody has seen is not an error),
 * `secrets` as strings, `run`, and the sandbox's own globals. The type checker reads them next
 * to the node's code.
 */
export function codeDeclarations(scope: CompletionScope): string {
  const params = scope.params
    .map((param) => `readonly ${key(param.name)}: ${PARAMETER_TYPES[param.type] ?? "unknown"};`)
    .join(" ");
  const nodes = scope.nodes
    .map(
      (node) =>
        `/** ${node.name.replace(/\*\//g, "* /")} */ readonly ${key(node.id)}: { readonly output: ${
          node.sampled ? typeOfSample(node.output) : "any"
        }; readonly error?: { readonly message: string } };`,
    )
    .join("\n    ");
  const secrets = scope.secrets.map((name) => `readonly ${key(name)}: string;`).join(" ");
  const modules = STDLIB.map((module) => JSON.stringify(module.name)).join(" | ");
  return `export {};
declare global {
  /** The output of the node's first parent. */
  const input: ${scope.input === undefined ? "any" : typeOfSample(scope.input)};
  /** The flow's parameters. */
  const params: { ${params} };
  /** Upstream nodes, by id. */
  const nodes: {
    ${nodes}
  };
  /** The team secrets this flow may read. */
  const secrets: { ${secrets} };
  /** This run. */
  const run: { readonly id: string; readonly flow: string; readonly startedAt: string; readonly trigger: string };
  const console: { log(...values: unknown[]): void; info(...values: unknown[]): void; warn(...values: unknown[]): void; error(...values: unknown[]): void; debug(...values: unknown[]): void };
  const crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T; randomUUID(): string };
  function require(name: ${modules}): any;
}
`;
}
