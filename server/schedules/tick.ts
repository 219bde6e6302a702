import "server-only";
import type { Inngest } from "inngest";
import { fireDueSchedules } from "./schedules";

/** Every minute: start the runs of due schedules (see fireDueSchedules). */
export function createScheduleTickFunction(client: Inngest) {
  return client.createFunction(
    { id: "schedule-tick", name: "Schedule tick", retries: 3, triggers: [{ cron: "* * * * *" }] },
    async ({ step }) =>
      step.run("fire", async () => (await fireDueSchedules(new Date(), client)).length),
  );
}
