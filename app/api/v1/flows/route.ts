// GET /api/v1/flows – the team's flows; POST /api/v1/flows – create a flow from a flow document
import { restRoute } from "@/server/rest/handler";
import { createFlowRoute, listFlowsRoute } from "@/server/rest/resources";

export const GET = restRoute(listFlowsRoute);
export const POST = restRoute(createFlowRoute, "flow.create");
