// GET /api/v1/audit – the team's audit log (owners' keys): ?actorId, area, flowId, since, until, cursor, limit
import { restRoute } from "@/server/rest/handler";
import { listAuditRoute } from "@/server/rest/resources";

export const GET = restRoute(listAuditRoute);
