// POST /api/v1/connections/test – connect with { type, values, connectionId? }, saving nothing
import { restRoute } from "@/server/rest/handler";
import { testConnectionRoute } from "@/server/rest/connections";

export const POST = restRoute(testConnectionRoute);
