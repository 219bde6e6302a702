import "server-only";
import { unstorable } from "@/lib/storable";
import { AppError } from "../errors";

/**
 * The request body as text, read while counting: a chunked body (no Content-Length) is stopped as
 * soon as it passes `maxBytes`, so nobody can make the server buffer an unbounded body.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError(
      "PAYLOAD_TOO_LARGE",
      `The request body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
    );
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A value PostgreSQL could not store, or nested too deep: a BAD_REQUEST naming the field. */
export function assertStorable(value: unknown) {
  const problem = unstorable(value);
  if (problem)
    throw new AppError(
      "BAD_REQUEST",
      `${problem.path ? `${problem.path}: ` : ""}${problem.message}`,
      problem.path || undefined,
    );
}

/** An error with its own HTTP status and code: a malformed body is 400, not a service's 422. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `text` as JSON, or a 400 `invalid_json` saying why (`what`: "request body", "body"). */
export function parseJsonBody(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      "invalid_json",
      `The ${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
