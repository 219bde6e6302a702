import "server-only";
import { apiKeyIdInput, createApiKeyInput } from "@/lib/schemas/api-key";
import { createApiKey, listApiKeys, revokeApiKey } from "../../api-keys/api-keys";
import { router, teamProcedure } from "../trpc";

/** Team API keys: the REST API can do what an editor can, so editors manage them. */
export const apiKeyRouter = router({
  list: teamProcedure("EDITOR").query(({ ctx }) => listApiKeys(ctx.team.id)),
  create: teamProcedure("EDITOR")
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.team.id, ctx.userId, input)),
  revoke: teamProcedure("EDITOR")
    .input(apiKeyIdInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.team.id, input.keyId)),
});
