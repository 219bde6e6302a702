import "server-only";
import { ZodError } from "zod";
import { issuePath } from "@/lib/flow/document";
import { hasRole, type RoleName } from "@/lib/schemas/team";
import { recordAudit } from "../audit/audit";
import { authenticateApiKey } from "../api-keys/api-keys";
import { jsonResponse } from "../http/json-response";
import { AppError, databaseUnavailable, type AppErrorCode } from "../errors";
import { assertStorable, HttpError, parseJsonBody, readBodyText } from "../http/read-body";

const MAX_BODY_BYTES = 3 * 1024 * 1024;

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  PRECONDITION_FAILED: 412,
  SERVICE_UNAVAILABLE: 503,
};

export interface RestContext {
  teamId: string;
  userId: string | null;
  /** The role of the key's creator in the team, now. */
  role: RoleName;
  request: Request;
  params: Record<string, string>;
  /** The JSON body; 400 when it is not JSON, 413 when it is too large. */
  body(): Promise<unknown>;
}

/** `{ "error": { "code", "message", "field"? } }` with its status. */
export function errorResponse(status: number, code: string, message: string, field?: string) {
  return jsonResponse({ error: { code, message, ...(field ? { field } : {}) } }, { status });
}

/** The JSON error response of a service error (AppError, ZodError), or null for anything else. */
export function appErrorResponse(error: unknown): Response | null {
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message);
  if (error instanceof AppError)
    return errorResponse(STATUS[error.code], error.code.toLowerCase(), error.message, error.field);
  if (error instanceof ZodError) {
    const issue = error.issues[0]!;
    const field = issuePath(issue.path);
    return errorResponse(
      422,
      "bad_request",
      `${field ? `${field}: ` : ""}${issue.message}`,
      field || undefined,
    );
  }
  return null;
}

/** The JSON error response of any error: 4xx for input, 503 while the database is away, else 500. */
export function toResponse(error: unknown) {
  const response = appErrorResponse(error);
  if (response) return response;
  const unavailable = databaseUnavailable(error);
  if (unavailable) return appErrorResponse(unavailable)!;
  console.error("REST API request failed:", error);
  return errorResponse(500, "internal", "Something went wrong on our side");
}

/**
 * A REST route handler: authenticates the team API key (which counts the request against the
 * key's limit), reads JSON bodies with a size limit and turns service errors into JSON errors with
 * the right status. A change (`audit` names it, e.g. `flow.save`) is written to the audit log as
 * made with an API key.
 */
export function restRoute<P extends Record<string, string>>(
  handle: (ctx: RestContext) => Promise<{ status?: number; body: unknown }>,
  audit?: string,
) {
  return async (request: Request, route: { params: Promise<P> }) => {
    try {
      const { role, ...auth } = await authenticateApiKey(request.headers.get("authorization"));
      // Reading needs a viewer's rights, anything else an editor's: the key's creator's, now.
      if (request.method !== "GET" && !hasRole(role, "EDITOR"))
        throw new AppError(
          "FORBIDDEN",
          "This API key acts for a viewer of the team: it may only read",
          "authorization",
        );
      // A route without dynamic segments has no params at all.
      const params: Record<string, string> = (await route.params) ?? {};
      assertStorable({ ...params, ...Object.fromEntries(new URL(request.url).searchParams) });
      const result = await handle({
        ...auth,
        role,
        request,
        params,
        async body() {
          const parsed = parseJsonBody(await readBodyText(request, MAX_BODY_BYTES), "request body");
          assertStorable(parsed);
          return parsed;
        },
      });
      if (audit) {
        // `{id}` in the path is a run's on /runs/…, a connection's on /connections/…, a flow's on
        // /flows/…; a creation returns its id.
        const made = (result.body as { id?: unknown } | null)?.id;
        const path = new URL(request.url).pathname;
        const idKey = path.includes("/runs/")
          ? "runId"
          : path.includes("/connections")
            ? "connectionId"
            : "flowId";
        const flowId =
          idKey === "flowId" ? (params.id ?? (typeof made === "string" ? made : null)) : null;
        await recordAudit({
          teamId: auth.teamId,
          actorId: auth.userId,
          source: "API_KEY",
          action: audit,
          flowId,
          details: {
            ...(params.id ? { [idKey]: params.id } : {}),
            ...(typeof made === "string" && made !== params.id ? { id: made } : {}),
            apiKeyId: auth.keyId,
          },
        });
      }
      return jsonResponse(result.body, { status: result.status ?? 200 });
    } catch (error) {
      return toResponse(error);
    }
  };
}
