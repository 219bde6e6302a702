import "server-only";
import { z } from "zod";
import { secretNameSchema, setSecretInput } from "@/lib/schemas/secret";
import { deleteSecret, listSecrets, setSecret } from "../../secrets/secrets";
import { router, teamProcedure } from "../trpc";

export const secretRouter = router({
  /** Names only; editors pick them in block forms, so they may list them. */
  list: teamProcedure("EDITOR").query(({ ctx }) => listSecrets(ctx.team.id)),
  set: teamProcedure("EDITOR")
    .input(setSecretInput)
    .mutation(({ ctx, input }) => setSecret(ctx.team.id, ctx.userId, input)),
  delete: teamProcedure("EDITOR")
    .input(z.object({ name: secretNameSchema }))
    .mutation(({ ctx, input }) => deleteSecret(ctx.team.id, input.name)),
});
