/** What completions know of the data an expression in one node sees. */
export interface CompletionScope {
  params: { name: string; type: string; sample?: unknown }[];
  /** The nodes upstream of the one being edited, with a sample output when one exists. */
  nodes: { id: string; name: string; output?: unknown; sampled: boolean }[];
  secrets: string[];
  /** The first parent's sample output, when it has one (what code reads as `input`). */
  input?: unknown;
}

export interface PathOption {
  /** What is inserted and matched. */
  label: string;
  /** What the list shows (a node's display name). */
  display?: string;
  /** The value's type in the sample, e.g. `string`, `array[3]`. */
  detail: string;
}

export interface PathCompletion {
  /** Where the inserted label starts in the text. */
  from: number;
  options: PathOption[];
}

/** A value's type as completion lists show it. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `array[${value.length}]`;
  return typeof value;
}

const ROOTS: PathOption[] = [
  { label: "params", detail: "flow parameters" },
  { label: "nodes", detail: "upstream outputs" },
  { label: "secrets", detail: "team secrets" },
  { label: "run", detail: "this run" },
];
const RUN: PathOption[] = [
  { label: "id", detail: "string" },
  { label: "flow", detail: "string" },
  { label: "startedAt", detail: "string" },
  { label: "trigger", detail: "string" },
];

/** The keys of a sample value: an object's, or (as JSONata maps over lists) its first item's. */
function keysOf(value: unknown): PathOption[] {
  const item = Array.isArray(value) ? value[0] : value;
  if (item === null || typeof item !== "object" || Array.isArray(item)) return [];
  return Object.entries(item).map(([key, inner]) => ({ label: key, detail: typeName(inner) }));
}

/** Walks a sample value along `path`; a list is walked through its first item. */
function walk(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && !/^\d+$/.test(key)) current = current[0];
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The options after `base.` (no filtering by what is typed: the editor filters). */
function optionsAfter(scope: CompletionScope, base: string[]): PathOption[] {
  const [root, second, third, ...rest] = base;
  if (root === "params" && base.length === 1)
    return scope.params.map((param) => ({
      label: param.name,
      detail: param.sample === undefined ? param.type : typeName(param.sample),
    }));
  if (root === "params")
    return keysOf(walk(scope.params.find((p) => p.name === second)?.sample, base.slice(2)));
  if (root === "secrets" && base.length === 1)
    return scope.secrets.map((name) => ({ label: name, detail: "secret" }));
  if (root === "run" && base.length === 1) return RUN;
  if (root !== "nodes") return [];
  if (base.length === 1)
    return scope.nodes.map((node) => ({
      label: node.id,
      display: node.name === node.id ? node.id : `${node.name} (${node.id})`,
      detail: node.sampled ? "node" : "node, no sample yet",
    }));
  const node = scope.nodes.find((candidate) => candidate.id === second);
  if (!node) return [];
  if (base.length === 2)
    return [{ label: "output", detail: node.sampled ? typeName(node.output) : "not run yet" }];
  if (third !== "output") return [];
  return keysOf(walk(node.output, rest));
}

/**
 * Completion of the dotted path that ends at the cursor (`nodes.fetch.output.bo|`): the keys the
 * sample data has there, with their types. Null when the cursor is not in such a path.
 */
export function completePath(scope: CompletionScope, before: string): PathCompletion | null {
  const tail = /(?:^|[^\w$.\]])([A-Za-z_$][\w$]*(?:\.[\w$]*|\[\d+\])*)$/.exec(before);
  if (!tail) return null;
  const path = tail[1]!.replace(/\[(\d+)\]/g, ".$1");
  const segments = path.split(".");
  const partial = segments.pop()!;
  const from = before.length - partial.length;
  if (!segments.length) {
    const roots = ROOTS.filter((root) => root.label.startsWith(partial) && partial.length > 0);
    return roots.length ? { from, options: roots } : null;
  }
  const options = optionsAfter(scope, segments);
  return options.length ? { from, options } : null;
}

/**
 * Completion inside a text field's `{{ … }}`: right after `{{` every root, then paths as in code.
 * Null outside an open `{{`.
 */
export function completeTemplate(scope: CompletionScope, before: string): PathCompletion | null {
  const open = before.lastIndexOf("{{");
  if (open < 0 || before.indexOf("}}", open) >= 0) return null;
  const inner = before.slice(open + 2);
  if (!inner.trim()) return { from: before.length, options: ROOTS };
  const found = completePath(scope, inner);
  return found && { from: open + 2 + found.from, options: found.options };
}
