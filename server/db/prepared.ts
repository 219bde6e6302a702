import { createHash } from "node:crypto";
import type pg from "pg";

const names = new Map<string, string>();

/**
 * A statement PostgreSQL parses and plans once per connection (a named prepared statement), for
 * hot statements: their text must depend only on their shape, never on values (each distinct text
 * stays prepared on every connection that ran it).
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `weft_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
