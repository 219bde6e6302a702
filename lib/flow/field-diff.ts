import type { FlowDocument } from "./document";
import { canonicalFlow } from "./format";

/** One changed value: `nodes.fetch.config.url`, before and after (undefined: absent). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

const LISTS_BY_ID = new Set(["nodes", "edges", "notes"]);
const LISTS_BY_NAME = new Set(["parameters"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A list of records as a map by their key (`id` or `name`), or null when they have none. */
function keyed(list: unknown[], key: string): Map<string, unknown> | null {
  const map = new Map<string, unknown>();
  for (const item of list) {
    const id = (item as Record<string, unknown> | null)?.[key];
    if (typeof id !== "string" || map.has(id)) return null;
    map.set(id, item);
  }
  return map;
}

function walk(before: unknown, after: unknown, path: string, out: FieldChange[]) {
  if (same(before, after)) return;
  const isRecord = (v: unknown) => Boolean(v) && typeof v === "object" && !Array.isArray(v);
  const field = path.split(".").at(-1)!;
  const listKey = LISTS_BY_ID.has(field) ? "id" : LISTS_BY_NAME.has(field) ? "name" : null;
  if (listKey && Array.isArray(before) && Array.isArray(after)) {
    const old = keyed(before, listKey);
    const now = keyed(after, listKey);
    if (old && now) {
      for (const [id, item] of now) walk(old.get(id), item, `${path}.${id}`, out);
      for (const [id, item] of old)
        if (!now.has(id)) out.push({ path: `${path}.${id}`, before: item, after: undefined });
      return;
    }
  }
  if (isRecord(before) && isRecord(after)) {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  out.push({ path, before, after });
}

/**
 * What changed from one document to another, field by field: nodes, edges and notes matched by
 * id and parameters by name, so a node moved in the list is not a change, and a changed URL is
 * one line `nodes.fetch.config.url`.
 */
export function fieldChanges(before: FlowDocument, after: FlowDocument): FieldChange[] {
  const out: FieldChange[] = [];
  walk(canonicalFlow(before), canonicalFlow(after), "", out);
  return out;
}

const shown = (value: unknown) => {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** A change as people read it: `~ nodes.fetch.config.url: "a" → "b"`, `+ …` added, `- …` removed. */
export function describeChange(change: FieldChange): string {
  if (change.before === undefined) return `+ ${change.path}: ${shown(change.after)}`;
  if (change.after === undefined) return `- ${change.path}: ${shown(change.before)}`;
  return `~ ${change.path}: ${shown(change.before)} → ${shown(change.after)}`;
}
