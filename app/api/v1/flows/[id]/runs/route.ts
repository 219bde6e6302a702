// POST /api/v1/flows/{id}/runs – start a run with { "parameters": { … } }
import { restRoute } from "@/server/rest/handler";
import { startRunRoute } from "@/server/rest/resources";

export const POST = restRoute<{ id: string }>(startRunRoute, "run.start");
