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

/** The bearer token the SDK sends when it registers: the prefix plus SHA-256 of the hex key. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = /^signkey-\w+-/.exec(signingKey)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(withoutPrefix(signingKey), "hex"))
      .digest("hex")
  );
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
