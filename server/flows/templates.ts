import "server-only";
import { templateById, withHelperIds } from "@/lib/templates";
import { AppError } from "../errors";
import { createSchedule, setSchedulePaused } from "../schedules/schedules";
import { createFlow } from "./flows";

/**
 * A new flow from a template (and its helper flows first, and its schedule, paused), in one team.
 * Returns the main flow.
 */
export async function createFromTemplate(teamId: string, authorId: string, templateId: string) {
  const template = templateById(templateId);
  if (!template) throw new AppError("NOT_FOUND", `No template "${templateId}"`, "templateId");
  const ids: Record<string, string> = {};
  for (const [key, document] of Object.entries(template.helpers))
    ids[key] = (await createFlow(teamId, authorId, { document })).id;
  const flow = await createFlow(teamId, authorId, {
    document: withHelperIds(template.document, ids),
  });
  if (template.schedule) {
    const schedule = await createSchedule(teamId, {
      flowId: flow.id,
      kind: "CRON",
      cron: template.schedule.cron,
      timezone: template.schedule.timezone,
      parameters: {},
    });
    await setSchedulePaused(teamId, schedule.id, true);
  }
  return flow;
}
