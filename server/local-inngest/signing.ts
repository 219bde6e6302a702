import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

const withoutPrefix = (key: string) => key.replace(/^signkey-\w+-/, "");

/** `X-Inngest-Signature` for a request body, as the SDK verifies it (HMAC-SHA256 over JCS + t). */
export function sign(body: unknown, signingKey: string, nowMs: number): string {
  const t = Math.round(nowMs / 1000).toString();
  const text = typeof body === "string" ? body : (canonicalize(body) ?? "");
  const s = createHmac("sha256", withoutPrefix(signingKey))
    .update(text + t)
    .digest("hex");
  return `t=${t}&s=${s}`;
}

/** SHA-256 of the hex key, without its prefix: what the SDK sends as its bearer token. */
export function hashedSigningKey(signingKey: string): string {
  return createHash("sha256")
    .update(Buffer.from(withoutPrefix(signingKey), "hex"))
    .digest("hex");
}

/**
 * Whether a bearer token proves the signing key, as Inngest's `HandleSigningKey`: prefixes
 * (`signkey-prod-`) are ignored on both sides and the token may be the key or its hash.
 */
export function provesSigningKey(token: string, signingKey: string): boolean {
  const given = withoutPrefix(token);
  if (!given) return false;
  const key = withoutPrefix(signingKey);
  return sameSecret(given, key) || sameSecret(given, hashedSigningKey(key));
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
