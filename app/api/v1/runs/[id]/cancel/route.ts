// POST /api/v1/runs/{id}/cancel – cancel a run that has not ended
import { restRoute } from "@/server/rest/handler";
import { cancelRunRoute } from "@/server/rest/resources";

export const POST = restRoute<{ id: string }>(cancelRunRoute, "run.cancel");
