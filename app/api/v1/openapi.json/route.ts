// GET /api/v1/openapi.json – the OpenAPI 3.1 document of REST API v1 (public, no key needed)
import { jsonResponse } from "@/server/http/json-response";
import { openApiDocument } from "@/server/rest/openapi";

export const GET = () => jsonResponse(openApiDocument());
