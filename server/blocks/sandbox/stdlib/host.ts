/**
 * The host functions the sandbox's standard library calls (implemented in ../image.cjs with
 * Node's crypto and Intl). Pure: they take and return plain values, nothing else of the host.
 */
export type Encoding = "hex" | "base64" | "base64url";
export type Algorithm = "md5" | "sha1" | "sha256" | "sha384" | "sha512";

export interface Host {
  random(): number;
  /** Random bytes as an ArrayBuffer; at most 65,536 at a time. */
  randomBytes(size: number): ArrayBuffer;
  /** A hash of `data` (an HMAC when `key` is given), encoded. */
  digest(algorithm: Algorithm, data: string, key: string | undefined, encoding: Encoding): string;
  /** The zone's offset from UTC in minutes at `epochMs`; RangeError for an unknown zone. */
  zoneOffset(zone: string, epochMs: number): number;
  /** Writes one console line of the running execution. */
  log(level: string, message: string): void;
}

declare global {
  var __weftHost: Host | undefined;
}
