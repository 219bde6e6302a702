// GET /api/v1/runs?flowId=&status=&cursor= – the team's runs, newest first
import { restRoute } from "@/server/rest/handler";
import { listRunsRoute } from "@/server/rest/resources";

export const GET = restRoute(listRunsRoute);
