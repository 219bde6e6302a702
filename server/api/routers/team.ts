import "server-only";
import { z } from "zod";
import { idSchema, roleSchema, teamNameSchema } from "@/lib/schemas/team";
import { findMembership } from "../../teams/find-membership";
import { changeMemberRole, leaveTeam, listMembers, removeMember } from "../../teams/members";
import { createTeam, listTeams, renameTeam } from "../../teams/teams";
import { teamCookie } from "../team-cookie";
import { protectedProcedure, router, teamProcedure } from "../trpc";

export const teamRouter = router({
  list: protectedProcedure.query(({ ctx }) => listTeams(ctx.userId)),
  current: teamProcedure("VIEWER").query(({ ctx }) => ({ ...ctx.team, role: ctx.role })),
  create: protectedProcedure
    .input(z.object({ name: teamNameSchema }))
    .mutation(async ({ ctx, input }) => {
      const team = await createTeam(ctx.userId, input.name);
      ctx.resHeaders?.append("Set-Cookie", teamCookie(team.id));
      return team;
    }),
  switch: protectedProcedure
    .input(z.object({ teamId: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const { team } = await findMembership(ctx.userId, input.teamId);
      ctx.resHeaders?.append("Set-Cookie", teamCookie(team.id));
      return { id: team.id, name: team.name };
    }),
  rename: teamProcedure("OWNER")
    .input(z.object({ name: teamNameSchema }))
    .mutation(({ ctx, input }) => renameTeam(ctx.team.id, input.name)),
  members: teamProcedure("VIEWER").query(({ ctx }) => listMembers(ctx.team.id)),
  changeRole: teamProcedure("OWNER")
    .input(z.object({ membershipId: idSchema, role: roleSchema }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.team.id, input.membershipId, input.role)),
  removeMember: teamProcedure("OWNER")
    .input(z.object({ membershipId: idSchema }))
    .mutation(({ ctx, input }) => removeMember(ctx.team.id, input.membershipId)),
  leave: teamProcedure("VIEWER").mutation(async ({ ctx }) => {
    await leaveTeam(ctx.team.id, ctx.userId);
    ctx.resHeaders?.append("Set-Cookie", teamCookie(null));
  }),
});
