import "server-only";
import { z } from "zod";
import { hasRole } from "@/lib/schemas/team";
import {
  createConnectionInput,
  testConnectionInput,
  updateConnectionInput,
} from "@/lib/schemas/connection";
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from "../../connections/connections";
import { testConnection } from "../../connections/test-connection";
import { router, teamProcedure } from "../trpc";

const connectionId = z.object({ connectionId: z.string().min(1) });

export const connectionRouter = router({
  /** Viewers see names and types; editors also the settings and which secrets are set. */
  list: teamProcedure("VIEWER").query(({ ctx }) =>
    listConnections(ctx.team.id, hasRole(ctx.role, "EDITOR")),
  ),
  get: teamProcedure("EDITOR")
    .input(connectionId)
    .query(({ ctx, input }) => getConnection(ctx.team.id, input.connectionId)),
  create: teamProcedure("EDITOR")
    .input(createConnectionInput)
    .mutation(({ ctx, input }) => createConnection(ctx.team.id, ctx.userId, input)),
  update: teamProcedure("EDITOR")
    .input(updateConnectionInput)
    .mutation(({ ctx, input }) => updateConnection(ctx.team.id, ctx.userId, input)),
  delete: teamProcedure("EDITOR")
    .input(connectionId)
    .mutation(({ ctx, input }) => deleteConnection(ctx.team.id, input.connectionId)),
  /** Connects with the form's values, saving nothing. */
  test: teamProcedure("EDITOR")
    .input(testConnectionInput)
    .mutation(({ ctx, input }) => testConnection(ctx.team.id, input)),
});
