import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { hasRole, ROLE_LABELS, type RoleName } from "@/lib/schemas/team";
import { AppError, databaseUnavailable } from "../errors";
import { assertStorable } from "../http/read-body";
import { auditDetails, recordAudit } from "../audit/audit";
import { findMembership } from "../teams/find-membership";

/** What every procedure knows about its caller. */
export interface Context {
  userId: string | null;
  /** A team named explicitly (the `x-weft-team` header): it must be one of the caller's. */
  teamId: string | null;
  /** The team last picked in the team switcher (a cookie); ignored once the caller leaves it. */
  preferredTeamId: string | null;
  ip: string;
  /** Headers of the HTTP reply, for procedures that set cookies; null outside HTTP. */
  resHeaders: Headers | null;
}

const describe = (error: ZodError) =>
  error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zod = cause instanceof ZodError ? cause : null;
    const badJson = cause instanceof SyntaxError;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: zod
        ? describe(zod)
        : badJson
          ? `The request body is not valid JSON: ${shape.message}`
          : shape.message,
      data: {
        ...data,
        field:
          cause instanceof AppError
            ? (cause.field ?? null)
            : (zod?.issues[0]?.path.join(".") ?? null),
        fieldErrors: zod ? z.flattenError(zod).fieldErrors : null,
      },
    };
  },
});

/** The one place where domain errors become tRPC errors (and so HTTP statuses). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError)
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof ZodError)
    throw new TRPCError({ code: "BAD_REQUEST", message: describe(cause), cause });
  const unavailable = databaseUnavailable(cause ?? result.error);
  if (unavailable)
    throw new TRPCError({
      code: unavailable.code,
      message: unavailable.message,
      cause: unavailable,
    });
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Input PostgreSQL could not store (NUL, lone surrogates) or absurdly deep is a 400, not a 500. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  assertStorable(await getRawInput());
  return next();
});

export const publicProcedure = t.procedure.use(mapErrors).use(storableInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new AppError("UNAUTHORIZED", "Sign in first");
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/**
 * Team mutations the audit log leaves out: tests and pins of a draft and connection tests change
 * nothing of the team's, and the type checker's calls are mutations only because code does not
 * fit a URL.
 */
const UNAUDITED = new Set([
  "run.test",
  "flow.pin",
  "flow.unpin",
  "code.check",
  "code.hover",
  "code.complete",
  "connection.test",
]);

/**
 * A procedure on the current team's data, for members with at least `minimum` role. Every
 * mutation that succeeds is written to the audit log (server/audit): who, what (the procedure and
 * the ids and names of its input), from the UI.
 */
export const teamProcedure = (minimum: RoleName) =>
  protectedProcedure
    .use(async ({ ctx, next }) => {
      const membership = await findMembership(ctx.userId, ctx.teamId, ctx.preferredTeamId);
      if (!hasRole(membership.role, minimum)) {
        throw new AppError(
          "FORBIDDEN",
          `This needs the ${ROLE_LABELS[minimum].toLowerCase()} role`,
        );
      }
      const { team, role } = membership;
      return next({
        ctx: { ...ctx, team: { id: team.id, name: team.name, personal: team.personal }, role },
      });
    })
    .use(async ({ ctx, path, type, getRawInput, next }) => {
      const result = await next();
      if (type === "mutation" && result.ok && !UNAUDITED.has(path)) {
        const input = ((await getRawInput()) ?? {}) as Record<string, unknown>;
        const made = (result.data as { id?: unknown } | null)?.id;
        const details = auditDetails(input);
        if (typeof made === "string" && !("id" in details)) details.id = made;
        const flowId =
          typeof input.flowId === "string"
            ? input.flowId
            : path.startsWith("flow.") && typeof made === "string"
              ? made
              : null;
        await recordAudit({
          teamId: ctx.team.id,
          actorId: ctx.userId,
          source: "UI",
          action: path,
          flowId,
          details,
        });
      }
      return result;
    });
