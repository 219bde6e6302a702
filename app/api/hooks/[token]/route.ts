// POST /api/hooks/{token} – a webhook call: starts a run of the webhook's flow
import { jsonResponse } from "@/server/http/json-response";
import { toResponse } from "@/server/rest/handler";
import { receiveWebhook } from "@/server/webhooks/webhooks";

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const run = await receiveWebhook((await params).token, request);
    return jsonResponse({ id: run.id, status: run.status.toLowerCase() }, { status: 202 });
  } catch (error) {
    return toResponse(error);
  }
}
