import type { FlowDocument } from "./document";

// Flow documents as files in Git: the same document always prints the same text, whatever order
// its keys arrived in (PostgreSQL's jsonb reorders them), so a diff shows only what changed.

const ORDER = {
  document: [
    "schemaVersion",
    "name",
    "description",
    "parameters",
    "giveUpAfterSeconds",
    "nodes",
    "edges",
    "notes",
  ],
  parameter: ["name", "type", "required", "default", "description"],
  node: [
    "id",
    "block",
    "name",
    "position",
    "config",
    "retries",
    "retryDelaySeconds",
    "timeoutSeconds",
    "cache",
  ],
  edge: ["id", "source", "target", "sourceHandle"],
  note: ["id", "text", "position"],
} as const;

/** Object keys in alphabetical order, all the way down (config values, defaults). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The keys of `order` first, in that order, then any others alphabetically. */
function ordered(value: unknown, order: readonly string[], inner = sortedKeys) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return sortedKeys(value);
  const record = value as Record<string, unknown>;
  const rest = Object.keys(record)
    .filter((key) => !order.includes(key))
    .sort();
  return Object.fromEntries(
    [...order.filter((key) => key in record), ...rest].map((key) => [key, inner(record[key])]),
  );
}

const each = (list: unknown, order: readonly string[]) =>
  Array.isArray(list) ? list.map((item) => ordered(item, order)) : sortedKeys(list);

/** A flow document in its canonical key order (structure first, then everything alphabetical). */
export function canonicalFlow(document: FlowDocument | Record<string, unknown>): unknown {
  const doc = document as Record<string, unknown>;
  return ordered(
    {
      ...doc,
      parameters: each(doc.parameters, ORDER.parameter),
      nodes: each(doc.nodes, ORDER.node),
      edges: each(doc.edges, ORDER.edge),
      notes: each(doc.notes, ORDER.note),
    },
    ORDER.document,
    (value) => value,
  );
}

/** The text of a flow file: canonical order, two-space indent, a final newline. */
export const formatFlowFile = (document: FlowDocument | Record<string, unknown>) =>
  `${JSON.stringify(canonicalFlow(document), null, 2)}\n`;

/** A flow's name as a file or function name: `Nightly report!` → `nightly-report`. */
export const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "flow";
