// Inngest evaluates `if`, `match`, trigger expressions and concurrency keys as CEL (cel-go). Here
// they run on @bufbuild/cel, a conformance-tested CEL evaluator, with the strings extension.
import { celEnv, isCelError, parse, plan, type CelValue } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

export type Expression = (scope: Record<string, unknown>) => unknown;

const env = celEnv({ funcs: strings });

type Node = { case?: string; value?: unknown };

/** `event.data.id` as ["event", "data", "id"]; undefined when not a plain field path. */
function fieldPath(node: Node): string[] | undefined {
  if (node.case === "identExpr") return [(node.value as { name: string }).name];
  if (node.case !== "selectExpr") return undefined;
  const select = node.value as { operand?: { exprKind?: Node }; field: string };
  const base = select.operand?.exprKind && fieldPath(select.operand.exprKind);
  return base && [...base, select.field];
}

/**
 * What an expression reads: its free identifiers (minus the variables its own macros bind) and
 * the field paths it reads (not those it only tests with `has()`).
 */
function reads(root: unknown): { names: Set<string>; paths: string[][] } {
  const names = new Set<string>();
  const paths: string[][] = [];
  const bound = new Set<string>(["__result__"]);
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const record = node as Record<string, unknown>;
    if (record.case === "identExpr") names.add((record.value as { name: string }).name);
    if (record.case === "selectExpr" && !(record.value as { testOnly?: boolean }).testOnly) {
      const path = fieldPath(record as Node);
      if (path) paths.push(path);
    }
    if (record.case === "comprehensionExpr") {
      const value = record.value as { iterVar?: string; iterVar2?: string; accuVar?: string };
      for (const name of [value.iterVar, value.iterVar2, value.accuVar]) if (name) bound.add(name);
    }
    for (const [key, value] of Object.entries(record)) if (key !== "$typeName") walk(value);
  };
  walk(root);
  for (const name of bound) names.delete(name);
  return { names, paths: paths.filter((path) => !bound.has(path[0]!)) };
}

/**
 * Inngest reads a missing field as null (its expressions package treats CEL's "no such key" as
 * null) where CEL would fail: the fields the expression reads that are missing become null, on
 * copies of the objects along their path.
 */
function withNulls(scope: Record<string, unknown>, paths: string[][]): Record<string, unknown> {
  const root: Record<string, unknown> = { ...scope };
  for (const path of paths) {
    let node = root;
    for (const [index, key] of path.entries()) {
      const last = index === path.length - 1;
      const value = node[key];
      if (value === undefined) {
        node[key] = last ? null : {};
      } else if (!last) {
        if (!value || typeof value !== "object" || Array.isArray(value)) break;
        node[key] = { ...(value as Record<string, unknown>) };
      }
      if (last) break;
      node = node[key] as Record<string, unknown>;
    }
  }
  return root;
}

/** CEL's values as plain JSON-like values (maps and lists become objects and arrays). */
function toPlain(value: CelValue): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return Array.from(value);
  const iterable = value as unknown as { entries?: () => Iterable<[unknown, CelValue]> };
  if (Symbol.iterator in value && !("entries" in value && typeof iterable.entries === "function"))
    return Array.from(value as unknown as Iterable<CelValue>, toPlain);
  if (typeof iterable.entries === "function") {
    const entries = Array.from(iterable.entries());
    if (entries.every(([key]) => typeof key === "string"))
      return Object.fromEntries(entries.map(([key, item]) => [key, toPlain(item)]));
    return entries.map(([, item]) => toPlain(item));
  }
  return String(value);
}

/**
 * Compiles a CEL expression over `roots`, or throws an error saying what is wrong. At evaluation,
 * a missing field reads as null and an error (a type mismatch) is `undefined`: it matches nothing.
 */
export function compile(source: string, roots: string[] = ["event", "async"]): Expression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    throw new Error(`not valid CEL: ${(error as Error).message.split("\n")[0]}`);
  }
  const { names, paths } = reads(parsed.expr);
  for (const name of names)
    if (!roots.includes(name))
      throw new Error(`unknown name "${name}" (use ${roots.join(" or ")})`);
  const evaluate = plan(env, parsed);
  return (scope) => {
    const bindings = withNulls(
      Object.fromEntries(roots.map((root) => [root, scope[root] ?? {}])),
      paths,
    );
    const result = evaluate(bindings as never);
    return isCelError(result) ? undefined : toPlain(result as CelValue);
  };
}
