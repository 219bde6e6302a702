import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "../env";

function key(): Buffer {
  const raw = env().WEFT_SECRET_KEY;
  if (!raw) throw new Error("WEFT_SECRET_KEY is not set: secrets cannot be stored or read");
  return Buffer.from(raw, "base64url");
}

/** AES-256-GCM with a fresh 12-byte IV: base64(iv | tag | ciphertext). */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The plaintext of a sealed value; throws if it was tampered with or sealed with another key. */
export function unseal(sealed: string): string {
  const data = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(12, 28));
  return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
}
