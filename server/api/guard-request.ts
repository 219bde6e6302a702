import "server-only";
import { env } from "../env";
import { AppError } from "../errors";
import { jsonResponse } from "../http/json-response";
import { readBodyText } from "../http/read-body";

// Flow documents are capped at 2 MB; anything much larger is refused while it streams in.
const MAX_BODY_BYTES = 3 * 1024 * 1024;

const trpcError = (status: number, code: string, message: string) =>
  jsonResponse(
    { error: { json: { message, code: -32600, data: { code, httpStatus: status } } } },
    { status },
  );

/** Whether a browser's `Origin` is the app itself: NEXTAUTH_URL's origin, or the Host it called. */
function sameOrigin(origin: string, req: Request): boolean {
  if (!URL.canParse(origin)) return false;
  const { host, origin: normalized } = new URL(origin);
  const configured = env().NEXTAUTH_URL;
  if (configured && new URL(configured).origin === normalized) return true;
  return host === req.headers.get("host");
}

/**
 * What the tRPC endpoint accepts before any procedure runs: mutations only as JSON (a form post
 * from another site cannot be one), only from the app's own origin when a browser says where it
 * comes from, and bodies of at most 3 MB counted while they stream. Returns the request to handle
 * (its body already read) or the error response.
 */
export async function guardTrpcRequest(req: Request): Promise<Request | Response> {
  if (req.method !== "POST") return req;
  const origin = req.headers.get("origin");
  if (origin && !sameOrigin(origin, req))
    return trpcError(403, "FORBIDDEN", "Requests from another origin are refused");
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    return trpcError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json");
  try {
    const body = await readBodyText(req, MAX_BODY_BYTES);
    const headers = new Headers(req.headers);
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    return new Request(req.url, { method: req.method, headers, body });
  } catch (error) {
    if (error instanceof AppError) return trpcError(413, "PAYLOAD_TOO_LARGE", error.message);
    throw error;
  }
}
