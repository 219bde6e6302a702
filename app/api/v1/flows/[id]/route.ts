// GET /api/v1/flows/{id} – the latest version as a flow document; PUT – save a new version
import { restRoute } from "@/server/rest/handler";
import { getFlowRoute, putFlowRoute } from "@/server/rest/resources";

export const GET = restRoute<{ id: string }>(getFlowRoute);
export const PUT = restRoute<{ id: string }>(putFlowRoute, "flow.save");
