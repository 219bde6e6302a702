import "server-only";
import { hasRole } from "@/lib/schemas/team";
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
  type ConnectionView,
} from "../connections/connections";
import { testConnection } from "../connections/test-connection";
import type { RestContext } from "./handler";

const json = (connection: ConnectionView) => ({
  ...connection,
  updatedAt: connection.updatedAt.toISOString(),
});

/** GET /api/v1/connections: names and types; settings too for editors' keys. Never secrets. */
export async function listConnectionsRoute({ teamId, role }: RestContext) {
  const connections = await listConnections(teamId, hasRole(role, "EDITOR"));
  return {
    body: {
      connections: connections.map((c) => ({ ...c, updatedAt: c.updatedAt.toISOString() })),
    },
  };
}

export async function createConnectionRoute(ctx: RestContext) {
  const body = (await ctx.body()) as Record<string, unknown> | null;
  return { status: 201, body: json(await createConnection(ctx.teamId, ctx.userId ?? "", body)) };
}

export async function getConnectionRoute({ teamId, role, params }: RestContext) {
  const connection = await getConnection(teamId, params.id!);
  return {
    body: hasRole(role, "EDITOR")
      ? json(connection)
      : { id: connection.id, type: connection.type, name: connection.name },
  };
}

export async function updateConnectionRoute(ctx: RestContext) {
  const body = (await ctx.body()) as Record<string, unknown> | null;
  const input = { ...(body && typeof body === "object" ? body : {}), connectionId: ctx.params.id };
  return { body: json(await updateConnection(ctx.teamId, ctx.userId ?? "", input)) };
}

export async function deleteConnectionRoute({ teamId, params }: RestContext) {
  await deleteConnection(teamId, params.id!);
  return { body: { id: params.id, deleted: true } };
}

/** POST /api/v1/connections/test: connects with the given values, saving nothing. */
export async function testConnectionRoute(ctx: RestContext) {
  return { body: await testConnection(ctx.teamId, await ctx.body()) };
}
