import "server-only";
import { z } from "zod";
import { createInvitationInput, idSchema, invitationTokenSchema } from "@/lib/schemas/team";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "../../teams/invitations";
import { teamCookie } from "../team-cookie";
import { protectedProcedure, router, teamProcedure } from "../trpc";

const tokenInput = z.object({ token: invitationTokenSchema });

export const invitationRouter = router({
  create: teamProcedure("OWNER")
    .input(createInvitationInput)
    .mutation(({ ctx, input }) => createInvitation(ctx.team.id, ctx.userId, input)),
  list: teamProcedure("OWNER").query(({ ctx }) => listInvitations(ctx.team.id)),
  revoke: teamProcedure("OWNER")
    .input(z.object({ invitationId: idSchema }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.team.id, input.invitationId)),
  preview: protectedProcedure
    .input(tokenInput)
    .query(({ input }) => previewInvitation(input.token)),
  accept: protectedProcedure.input(tokenInput).mutation(async ({ ctx, input }) => {
    const team = await acceptInvitation(input.token, ctx.userId);
    ctx.resHeaders?.append("Set-Cookie", teamCookie(team.id));
    return team;
  }),
});
