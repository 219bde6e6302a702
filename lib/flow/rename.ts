import { LIMITS } from "./document";

// Renaming a node's id: the id is how edges, expressions and code refer to the node, so every
// reference moves with it.

const ID = /^[A-Za-z][\w-]*$/;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Why `next` cannot be the new id of `current` among `taken`, or null when it can. */
export function renameProblem(
  current: string,
  next: string,
  taken: Iterable<string>,
): string | null {
  if (next === current) return null;
  if (!ID.test(next)) return "An id starts with a letter and uses only letters, digits, _ and -";
  if (next.length > LIMITS.idLength) return `An id has at most ${LIMITS.idLength} characters`;
  for (const id of taken) if (id === next) return `Another node is already called "${next}"`;
  return null;
}

/**
 * `value` with every reference to node `from` pointing at `to`: `nodes.from`, ``nodes.`from` ``
 * and `nodes["from"]` in any string, at any depth (templates, JSONata, JavaScript). An id that is
 * not a plain name is written ``nodes.`to` `` in JSONata and `nodes["to"]` in JavaScript.
 */
export function renameReferences(
  value: unknown,
  from: string,
  to: string,
  language: "jsonata" | "javascript" = "jsonata",
): unknown {
  if (typeof value === "string") {
    const plain = new RegExp(`\\bnodes\\.${escape(from)}(?![\\w-])`, "g");
    const quoted = /^[A-Za-z_]\w*$/.test(to)
      ? `nodes.${to}`
      : language === "javascript"
        ? `nodes[${JSON.stringify(to)}]`
        : `nodes.\`${to}\``;
    return value
      .replace(plain, quoted)
      .replaceAll(`nodes.\`${from}\``, `nodes.\`${to}\``)
      .replaceAll(`nodes["${from}"]`, `nodes["${to}"]`)
      .replaceAll(`nodes['${from}']`, `nodes['${to}']`);
  }
  if (Array.isArray(value)) return value.map((item) => renameReferences(item, from, to, language));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        renameReferences(inner, from, to, language),
      ]),
    );
  return value;
}
