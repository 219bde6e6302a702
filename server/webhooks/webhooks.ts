import "server-only";
import { recordAudit } from "../audit/audit";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Inngest } from "inngest";
import { createWebhookInput } from "@/lib/schemas/webhook";
import { hit } from "../auth/rate-limit";
import { db } from "../db/client";
import { startRun } from "../runs/start-run";
import { versionDocument } from "../engine/state";
import { AppError, notFound } from "../errors";
import { assertStorable, parseJsonBody, readBodyText } from "../http/read-body";
import { findFlow } from "../flows/flows";
import { inngest } from "../inngest/client";
import { seal, unseal } from "../secrets/crypto";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const PER_HOOK = { max: 120, windowSeconds: 60 };
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const newToken = () => randomBytes(24).toString("base64url");

const fields = {
  id: true,
  name: true,
  headers: true,
  createdAt: true,
  lastCalledAt: true,
  revokedAt: true,
  secretSealed: true,
} as const;
const view = <T extends { secretSealed: string | null }>({ secretSealed, ...row }: T) => ({
  ...row,
  signed: secretSealed !== null,
});

/** A webhook of a flow. Its URL token (and signing secret) are returned this once. */
export async function createWebhook(teamId: string, raw: unknown) {
  const input = createWebhookInput.parse(raw);
  await findFlow(teamId, input.flowId);
  const token = newToken();
  const signingSecret = input.signed ? randomBytes(32).toString("hex") : null;
  const row = await db().webhook.create({
    data: {
      teamId,
      flowId: input.flowId,
      name: input.name,
      headers: input.headers,
      tokenHash: sha256(token),
      secretSealed: signingSecret ? seal(signingSecret) : null,
    },
    select: fields,
  });
  return { ...view(row), path: `/api/hooks/${token}`, signingSecret };
}

export async function listWebhooks(teamId: string, flowId: string) {
  await findFlow(teamId, flowId);
  const rows = await db().webhook.findMany({
    where: { teamId, flowId },
    orderBy: { createdAt: "desc" },
    select: fields,
  });
  return rows.map(view);
}

/** A new URL for the webhook; the old one stops working at once. */
export async function rotateWebhook(teamId: string, webhookId: string) {
  const token = newToken();
  const { count } = await db().webhook.updateMany({
    where: { id: webhookId, teamId, revokedAt: null },
    data: { tokenHash: sha256(token) },
  });
  if (count === 0) throw notFound("Webhook");
  return { path: `/api/hooks/${token}` };
}

export async function revokeWebhook(teamId: string, webhookId: string) {
  const { count } = await db().webhook.updateMany({
    where: { id: webhookId, teamId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("Webhook");
}

function verify(signature: string | null, secret: string, body: string) {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = /^sha256=([0-9a-f]{64})$/i.exec(signature?.trim() ?? "")?.[1];
  if (!given || !timingSafeEqual(Buffer.from(given, "hex"), expected))
    throw new AppError(
      "UNAUTHORIZED",
      "The X-Weft-Signature header is missing or does not match the body",
      "x-weft-signature",
    );
}

/**
 * A call of a webhook URL: checks it, then starts a run of the flow's latest version. The body,
 * the query and the selected headers become the parameters `body`, `query` and `headers` — those
 * the flow declares.
 */
export async function receiveWebhook(token: string, request: Request, client: Inngest = inngest) {
  const hook = await db().webhook.findUnique({ where: { tokenHash: sha256(token) } });
  if (!hook || hook.revokedAt) throw notFound("Webhook");
  await hit(`webhook:${hook.id}`, PER_HOOK, "Too many calls of this webhook: at most 120 a minute");
  const text = await readBodyText(request, MAX_WEBHOOK_BYTES);
  if (hook.secretSealed)
    verify(request.headers.get("x-weft-signature"), unseal(hook.secretSealed), text);
  const json = /json/i.test(request.headers.get("content-type") ?? "") && text;
  const body: unknown = json ? parseJsonBody(text, "body") : text;
  const given = {
    body,
    query: Object.fromEntries(new URL(request.url).searchParams),
    headers: Object.fromEntries(
      hook.headers
        .map((name) => [name, request.headers.get(name)])
        .filter(([, value]) => value !== null),
    ),
  };
  assertStorable(given);
  const flow = await db().flow.findUniqueOrThrow({
    where: { id: hook.flowId },
    select: { versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } } },
  });
  const declared = new Set(
    (await versionDocument(flow.versions[0]!.id)).parameters.map((p) => p.name),
  );
  const parameters = Object.fromEntries(
    Object.entries(given).filter(([name]) => declared.has(name)),
  );
  await db().webhook.update({ where: { id: hook.id }, data: { lastCalledAt: new Date() } });
  const run = await startRun(
    { teamId: hook.teamId, userId: null, trigger: "WEBHOOK" },
    { flowId: hook.flowId, parameters },
    client,
    "while-answering",
  );
  await recordAudit({
    teamId: hook.teamId,
    actorId: null,
    source: "WEBHOOK",
    action: "run.start",
    flowId: hook.flowId,
    details: { id: run.id, webhookId: hook.id },
  });
  return run;
}
