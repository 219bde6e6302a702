// GET /api/health – the app and each dependency, for the launcher, operators and load balancers
import { checkHealth } from "@/server/health";
import { jsonResponse } from "@/server/http/json-response";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return jsonResponse(health, { status: health.status === "ok" ? 200 : 503 });
}
