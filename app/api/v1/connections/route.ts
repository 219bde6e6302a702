// GET /api/v1/connections – the team's connections (never their secrets); POST – create one
import { restRoute } from "@/server/rest/handler";
import { createConnectionRoute, listConnectionsRoute } from "@/server/rest/connections";

export const GET = restRoute(listConnectionsRoute);
export const POST = restRoute(createConnectionRoute, "connection.create");
