import "server-only";
import { createNotificationInput } from "@/lib/schemas/notification";
import { redact } from "@/lib/expressions/redact";
import { runEmailNotify, runSlackNotify, runWebhookNotify } from "../blocks/notify";
import { secretLookup, type BlockContext, type BlockRunner } from "../blocks/types";
import { db } from "../db/client";
import { env } from "../env";
import { notFound } from "../errors";
import { findFlow } from "../flows/flows";
import { readSecrets } from "../secrets/secrets";

const SENDERS: Record<string, BlockRunner> = {
  WEBHOOK: runWebhookNotify,
  SLACK: runSlackNotify,
  EMAIL: runEmailNotify,
};

export async function createNotification(teamId: string, raw: unknown) {
  const { flowId, onSuccess, target } = createNotificationInput.parse(raw);
  await findFlow(teamId, flowId);
  const { channel, ...config } = target;
  return db().flowNotification.create({ data: { teamId, flowId, channel, config, onSuccess } });
}

export async function listNotifications(teamId: string, flowId: string) {
  await findFlow(teamId, flowId);
  return db().flowNotification.findMany({
    where: { teamId, flowId },
    orderBy: { createdAt: "asc" },
  });
}

export async function deleteNotification(teamId: string, id: string) {
  const { count } = await db().flowNotification.deleteMany({ where: { id, teamId } });
  if (count === 0) throw notFound("Notification");
}

/**
 * Sends the flow's notifications for a finished run: always on failure, on completion only where
 * chosen. Each destination is tried once; a failure is reported, not thrown, so one broken
 * destination cannot stop the others (or fail the run).
 */
export async function notifyRunFinished(runId: string) {
  const run = await db().run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      id: true,
      teamId: true,
      flowId: true,
      status: true,
      error: true,
      trigger: true,
      flow: { select: { name: true } },
    },
  });
  // A test of a draft alerts nobody: its author is watching it in the editor.
  if ((run.status !== "FAILED" && run.status !== "COMPLETED") || run.trigger === "TEST") return [];
  const notifications = await db().flowNotification.findMany({
    where: { flowId: run.flowId, ...(run.status === "COMPLETED" ? { onSuccess: true } : {}) },
  });
  if (!notifications.length) return [];
  const link = `${(env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "")}/runs/${run.id}`;
  const text =
    run.status === "FAILED"
      ? `Flow "${run.flow.name}" failed: ${run.error ?? "a node failed"}. ${link}`
      : `Flow "${run.flow.name}" completed. ${link}`;
  const results: { id: string; ok: boolean; error?: string }[] = [];
  for (const notification of notifications) {
    const config = notification.config as Record<string, string>;
    const names = [config.webhookSecret, config.smtpSecret].filter(Boolean) as string[];
    const secrets = names.length ? await readSecrets(run.teamId, names) : {};
    const ctx: BlockContext = {
      teamId: run.teamId,
      config: {
        ...config,
        text,
        subject: `Weft: ${run.flow.name} ${run.status.toLowerCase()}`,
        body: { text, flow: run.flow.name, runId: run.id, status: run.status.toLowerCase(), link },
      },
      input: null,
      scope: {
        params: {},
        nodes: {},
        secrets,
        run: { id: run.id, flow: run.flowId, startedAt: "", trigger: "" },
      },
      signal: AbortSignal.timeout(30_000),
      log: () => undefined,
      timeLeftMs: () => 30_000,
      secret: secretLookup(secrets),
    };
    try {
      await SENDERS[notification.channel]!(ctx);
      results.push({ id: notification.id, ok: true });
    } catch (error) {
      results.push({
        id: notification.id,
        ok: false,
        error: redact((error as Error).message, secrets),
      });
    }
  }
  return results;
}
