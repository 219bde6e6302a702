/**
 * Replaces every occurrence of a secret's value with `[secret:NAME]` in text or in any JSON value,
 * so logs, outputs and error messages never carry a secret. Longer values are replaced first.
 */
export function redact<T>(value: T, secrets: Record<string, string>): T {
  const pairs = Object.entries(secrets)
    .filter(([, secret]) => secret.length >= 4)
    .sort(([, a], [, b]) => b.length - a.length);
  if (!pairs.length) return value;
  const clean = (text: string) =>
    pairs.reduce((out, [name, secret]) => out.split(secret).join(`[secret:${name}]`), text);
  const walk = (inner: unknown): unknown => {
    if (typeof inner === "string") return clean(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (inner && typeof inner === "object")
      return Object.fromEntries(Object.entries(inner).map(([key, v]) => [clean(key), walk(v)]));
    return inner;
  };
  return walk(value) as T;
}
