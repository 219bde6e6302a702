/**
 * Redaction: every secret value a run knows is replaced with `[secret:NAME]` in text and in any
 * JSON value before it is stored or shown, so logs, outputs, inputs and error messages never carry
 * a secret by accident. Besides the value itself (in any letter case) it finds the encodings a
 * value commonly passes through on its way out: base64 and base64url (also inside a longer encoded
 * text, such as `user:password` in a Basic authorization header), hex, URL-encoding and JSON
 * escaping. It cannot stop someone who transforms a value on purpose (reverses, splits, encrypts
 * it): see docs/security.md.
 */

/** Values shorter than this are not redacted: they would match ordinary text everywhere. */
const MIN_LENGTH = 4;
/** A base64 fragment shorter than this is too likely to match unrelated text. */
const MIN_ENCODED = 6;

/**
 * The parts of the base64 text of `value` that depend on its bytes alone, for each of the three
 * positions it can start at inside a longer text (base64 encodes three bytes as four characters).
 */
function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa(String.fromCharCode(...new Uint8Array(offset), ...bytes));
    const start = Math.ceil((offset * 8) / 6);
    const total = offset + bytes.length;
    const end = Math.floor(total / 3) * 4 + Math.floor(((total % 3) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length >= MIN_ENCODED) cores.push(core);
  }
  return cores;
}

/** Every form of `value` to look for. */
export function secretForms(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  const forms = new Set([value]);
  for (const core of base64Cores(bytes)) {
    forms.add(core);
    forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  forms.add(Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(""));
  forms.add(encodeURIComponent(value));
  forms.add(encodeURIComponent(value).replace(/%20/g, "+"));
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((form) => form.length >= MIN_LENGTH);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface RedactOptions {
  /** What replaces a secret; `[secret:NAME]` by default. */
  placeholder?: (name: string) => string;
  /** Only the exact value, in its own letter case (no encodings). */
  exact?: boolean;
}

/** `value` with every secret, in every form it is found in, replaced by a placeholder. */
export function redact<T>(
  value: T,
  secrets: Record<string, string>,
  { placeholder = (name) => `[secret:${name}]`, exact = false }: RedactOptions = {},
): T {
  const fold = (text: string) => (exact ? text : text.toLowerCase());
  const byForm = new Map<string, string>();
  for (const [name, secret] of Object.entries(secrets)) {
    if (secret.length < MIN_LENGTH) continue;
    for (const form of exact ? [secret] : secretForms(secret))
      if (!byForm.has(fold(form))) byForm.set(fold(form), name);
  }
  if (!byForm.size) return value;
  // Longer forms first, so a value that contains another secret is replaced whole.
  const pattern = new RegExp(
    [...byForm.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|"),
    exact ? "g" : "gi",
  );
  const clean = (text: string) =>
    text.replace(pattern, (found) => placeholder(byForm.get(fold(found))!));
  const walk = (inner: unknown): unknown => {
    if (typeof inner === "string") return clean(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (inner && typeof inner === "object")
      return Object.fromEntries(Object.entries(inner).map(([key, v]) => [clean(key), walk(v)]));
    return inner;
  };
  return walk(value) as T;
}
