/** The codes a service can fail with; the tRPC layer maps each to an HTTP status once. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "SERVICE_UNAVAILABLE";

/** The one error type services throw. `field` names the input field at fault, if any. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

// Errors by which pg, Prisma's adapter and Node say the database cannot be reached right now.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovering)
  "08000",
  "08001",
  "08003",
  "08006",
]);
const UNREACHABLE_TEXT =
  /ECONNREFUSED|Connection terminated|connection is closed|the database system is (starting up|shutting down|in recovery mode)|Can't reach database|Client has encountered a connection error/i;

/**
 * A 503 for an error that means the database is unreachable (an outage, a restart), else null:
 * such a request gets "try again", not a 500.
 */
export function databaseUnavailable(error: unknown): AppError | null {
  for (let cause = error, depth = 0; cause && depth < 8; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (
      (typeof code === "string" && UNREACHABLE_CODES.has(code)) ||
      (typeof message === "string" && UNREACHABLE_TEXT.test(message))
    )
      return new AppError(
        "SERVICE_UNAVAILABLE",
        "The database is not reachable right now; try again in a moment",
      );
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}
