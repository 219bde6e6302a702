import { z } from "zod";
import { completionsAt, typeAt, typeDiagnostics } from "../../code/typecheck";
import { router, teamProcedure } from "../trpc";

const source = z.object({
  code: z.string().max(100_000, "code: at most 100,000 characters"),
  declarations: z.string().max(200_000, "declarations: at most 200,000 characters"),
});
const at = source.extend({ offset: z.number().int().min(0) });

/**
 * The code editor's type information for a TypeScript code node: type errors, the type under
 * the pointer, completions. Mutations only because code does not fit a URL: they change nothing
 * (and are left out of the audit log).
 */
export const codeRouter = router({
  check: teamProcedure("VIEWER")
    .input(source)
    .mutation(({ ctx, input }) => typeDiagnostics(ctx.team.id, input)),
  hover: teamProcedure("VIEWER")
    .input(at)
    .mutation(({ ctx, input }) => typeAt(ctx.team.id, input, input.offset)),
  complete: teamProcedure("VIEWER")
    .input(at)
    .mutation(({ ctx, input }) => completionsAt(ctx.team.id, input, input.offset)),
});
