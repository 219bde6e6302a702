// GET /api/v1/connections/{id}; PATCH – change it (secrets left out keep their value); DELETE
import { restRoute } from "@/server/rest/handler";
import {
  deleteConnectionRoute,
  getConnectionRoute,
  updateConnectionRoute,
} from "@/server/rest/connections";

export const GET = restRoute<{ id: string }>(getConnectionRoute);
export const PATCH = restRoute<{ id: string }>(updateConnectionRoute, "connection.update");
export const DELETE = restRoute<{ id: string }>(deleteConnectionRoute, "connection.delete");
