import "server-only";
import type { FlowDocument } from "@/lib/flow/document";
import { resolveParameters } from "@/lib/flow/parameters";
import type { Transaction } from "../db/client";

/** What a webhook call passes as parameters (see server/webhooks/webhooks.ts). */
const WEBHOOK_PARAMETERS = ["body", "query", "headers"];

/**
 * The schedules and webhooks of a flow that `document` would break: a schedule whose parameters
 * no longer fit, a webhook that cannot provide a required parameter. Saving or restoring such a
 * version needs the person to confirm it, naming each.
 */
export async function brokenDependents(
  tx: Transaction,
  flowId: string,
  document: FlowDocument,
): Promise<string[]> {
  const [schedules, webhooks] = await Promise.all([
    tx.schedule.findMany({
      where: { flowId, paused: false },
      select: { id: true, kind: true, cron: true, intervalMinutes: true, parameters: true },
    }),
    tx.webhook.findMany({ where: { flowId, revokedAt: null }, select: { name: true } }),
  ]);
  const broken: string[] = [];
  for (const schedule of schedules) {
    const fit = resolveParameters(
      document.parameters,
      schedule.parameters as Record<string, unknown>,
    );
    const timing =
      schedule.kind === "CRON" ? `"${schedule.cron}"` : `every ${schedule.intervalMinutes} minutes`;
    if (!fit.ok) broken.push(`the schedule ${timing} (${fit.field}: ${fit.message})`);
  }
  const unreachable = document.parameters
    .filter((parameter) => parameter.required && !WEBHOOK_PARAMETERS.includes(parameter.name))
    .map((parameter) => parameter.name);
  if (unreachable.length)
    for (const webhook of webhooks)
      broken.push(
        `the webhook "${webhook.name}" (it cannot pass the required ${unreachable.join(", ")})`,
      );
  return broken;
}
