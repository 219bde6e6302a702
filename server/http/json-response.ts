import "server-only";

/** Bodies shorter than this go uncompressed: Next.js's own threshold for responses of known length. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * `Response.json` that leaves a small body uncompressed. Next.js gzips every route handler's
 * response for a client that accepts it, even a 50-byte one (it drops the length a handler sets):
 * ~0.5 ms of the app's CPU to send more bytes than before. `no-transform` tells its compression
 * (and any proxy) to leave a body under 1 KB as it is.
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES) headers.set("cache-control", "no-transform");
  return new Response(text, { ...init, headers });
}
