// GET /api/v1/runs/{id} – a run with every node's state
import { restRoute } from "@/server/rest/handler";
import { getRunRoute } from "@/server/rest/resources";

export const GET = restRoute<{ id: string }>(getRunRoute);
