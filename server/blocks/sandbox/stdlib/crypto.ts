/**
 * `@weft/crypto`: hashing, HMAC and randomness for code nodes. A small shim over the host's
 * crypto (never Node's module itself): only these functions and the algorithms named here.
 */
import type { Algorithm, Encoding, Host } from "./host";

const host = globalThis.__weftHost as Host;

/** The hash of `data` (UTF-8), as hex unless another encoding is asked for. */
export function hash(algorithm: Algorithm, data: string, encoding: Encoding = "hex"): string {
  return host.digest(algorithm, String(data), undefined, encoding);
}

/** The HMAC of `data` with `key` (both UTF-8). */
export function hmac(
  algorithm: Algorithm,
  key: string,
  data: string,
  encoding: Encoding = "hex",
): string {
  return host.digest(algorithm, String(data), String(key), encoding);
}

/** `size` cryptographically random bytes, encoded (hex unless asked otherwise). */
export function randomBytes(size: number, encoding: Encoding = "hex"): string {
  const bytes = new Uint8Array(host.randomBytes(size));
  if (encoding === "hex") return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const base64 = btoaBytes(bytes);
  return encoding === "base64url"
    ? base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
    : base64;
}

/** A random (version 4) UUID. */
export function randomUUID(): string {
  const b = new Uint8Array(host.randomBytes(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Compares two strings in time that depends only on their length (for signatures). */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function btoaBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : "=";
  }
  return out;
}
