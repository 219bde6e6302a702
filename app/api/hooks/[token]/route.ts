// POST /api/hooks/{token} – a webhook call: starts a run of the webhook's flow
import { errorResponse, appErrorResponse } from "@/server/rest/handler";
import { receiveWebhook } from "@/server/webhooks/webhooks";

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const run = await receiveWebhook((await params).token, request);
    return Response.json({ id: run.id, status: run.status.toLowerCase() }, { status: 202 });
  } catch (error) {
    return (
      appErrorResponse(error) ?? errorResponse(500, "internal", "Something went wrong on our side")
    );
  }
}
