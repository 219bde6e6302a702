import "server-only";
import { flowIdInput } from "@/lib/schemas/flow";
import { createWebhookInput, webhookIdInput } from "@/lib/schemas/webhook";
import { createWebhook, listWebhooks, revokeWebhook, rotateWebhook } from "../../webhooks/webhooks";
import { router, teamProcedure } from "../trpc";

export const webhookRouter = router({
  list: teamProcedure("EDITOR")
    .input(flowIdInput)
    .query(({ ctx, input }) => listWebhooks(ctx.team.id, input.flowId)),
  create: teamProcedure("EDITOR")
    .input(createWebhookInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.team.id, input)),
  rotate: teamProcedure("EDITOR")
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => rotateWebhook(ctx.team.id, input.webhookId)),
  revoke: teamProcedure("EDITOR")
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => revokeWebhook(ctx.team.id, input.webhookId)),
});
