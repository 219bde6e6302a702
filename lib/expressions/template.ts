/**
 * `{{ … }}` templates, parsed in one linear pass (indexOf, no backtracking regex): a field of
 * 400 KB of `{{` costs as little as any other 400 KB of text.
 */
export type TemplatePart = { kind: "text"; text: string } | { kind: "expression"; source: string };

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("{{", at);
    if (open < 0) break;
    const close = text.indexOf("}}", open + 2);
    if (close < 0) break;
    if (open > at) parts.push({ kind: "text", text: text.slice(at, open) });
    parts.push({ kind: "expression", source: text.slice(open + 2, close) });
    at = close + 2;
  }
  if (at < text.length) parts.push({ kind: "text", text: text.slice(at) });
  return parts;
}

/** The source of a text that is exactly one `{{ expression }}` (spaces around allowed), or null. */
export function wholeExpression(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{{") || !trimmed.endsWith("}}")) return null;
  const parts = parseTemplate(trimmed);
  return parts.length === 1 && parts[0]!.kind === "expression" ? parts[0]!.source : null;
}

/** Whether `text` holds at least one `{{ … }}`. */
export function hasExpression(text: string): boolean {
  const open = text.indexOf("{{");
  return open >= 0 && text.indexOf("}}", open + 2) >= 0;
}

/** The sources of every `{{ … }}` in `text`. */
export const expressionsIn = (text: string) =>
  parseTemplate(text).flatMap((part) => (part.kind === "expression" ? [part.source] : []));

const SIMPLE_PATH = /^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*$/;
const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

/**
 * A dotted path such as `nodes.fetch.output.body` evaluated without JSONata, exactly as JSONata
 * would: only through plain objects. Returns null when the expression is not such a path or when
 * it passes through a list (where JSONata maps over the items): then JSONata must evaluate it.
 */
export function simplePath(source: string, scope: unknown): { value: unknown } | null {
  const match = SIMPLE_PATH.exec(source);
  if (!match) return null;
  let value: unknown = scope;
  for (const key of match[1]!.split(".")) {
    if (Array.isArray(value)) return null;
    if (!value || typeof value !== "object" || !hasOwn(value, key)) return { value: undefined };
    value = (value as Record<string, unknown>)[key];
  }
  return { value };
}
