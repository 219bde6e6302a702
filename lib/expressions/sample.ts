/** Sample data is cut to this much before it is sent to the editor for completions and previews. */
export const SAMPLE_LIMITS = { depth: 8, items: 3, keys: 100, text: 200 };

/**
 * A value small enough to send with every editor open and keep in memory: arrays keep their first
 * items, objects their first keys, strings their start, nesting stops at a depth. The shape (what
 * completion needs) and realistic values (what previews need) survive.
 */
export function shrinkSample(value: unknown, depth = 0): unknown {
  if (typeof value === "string")
    return value.length > SAMPLE_LIMITS.text ? `${value.slice(0, SAMPLE_LIMITS.text)}…` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= SAMPLE_LIMITS.depth) return Array.isArray(value) ? [] : {};
  if (Array.isArray(value))
    return value.slice(0, SAMPLE_LIMITS.items).map((item) => shrinkSample(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, SAMPLE_LIMITS.keys)
      .map(([key, inner]) => [key, shrinkSample(inner, depth + 1)]),
  );
}
