/** How deep a JSON value may nest (flow documents need far less). */
export const MAX_JSON_DEPTH = 64;

// A NUL character or half of a UTF-16 surrogate pair: PostgreSQL cannot store either.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `value` cannot be stored as given (a NUL character, a lone surrogate, nesting deeper than
 * MAX_JSON_DEPTH), with the path of the offending field; null when it can.
 */
export function unstorable(value: unknown): { path: string; message: string } | null {
  const visit = (node: unknown, path: string[]): { path: string; message: string } | null => {
    const where = () => path.join(".");
    if (typeof node === "string")
      return UNSTORABLE.test(node)
        ? { path: where(), message: "must not contain NUL characters or broken Unicode" }
        : null;
    if (!node || typeof node !== "object") return null;
    if (path.length >= MAX_JSON_DEPTH)
      return { path: where(), message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    for (const [key, child] of Object.entries(node)) {
      if (UNSTORABLE.test(key))
        return {
          path: where(),
          message: "has a key with NUL characters or broken Unicode",
        };
      const found = visit(child, [...path, key]);
      if (found) return found;
    }
    return null;
  };
  return visit(value, []);
}
