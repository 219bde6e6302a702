import { z } from "zod";
import { flowIdSchema } from "./flow";
import { cronProblem, isTimeZone } from "../schedules/timing";

const base = {
  flowId: z.string().min(1, "Choose a flow").max(64),
  parameters: z.record(z.string(), z.unknown()).default({}),
};

export const createScheduleInput = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("CRON"),
    cron: z
      .string()
      .trim()
      .superRefine((cron, ctx) => {
        const problem = cronProblem(cron);
        if (problem) ctx.addIssue({ code: "custom", message: `The cron expression ${problem}` });
      }),
    timezone: z.string().refine(isTimeZone, "must be an IANA time zone like Europe/Berlin"),
  }),
  z.object({
    ...base,
    kind: z.literal("INTERVAL"),
    intervalMinutes: z
      .number("must be a number of minutes")
      .int("must be whole minutes")
      .min(1, "must be at least 1 minute")
      .max(525_600, "must be at most a year"),
    anchor: z.coerce.date("must be a date and time"),
  }),
]);

export const scheduleIdInput = z.object({ scheduleId: z.string().min(1).max(64) });
/** A schedule's new timing, flow and parameters (the same fields as a new one). */
export const updateScheduleInput = scheduleIdInput.extend({ schedule: createScheduleInput });
export const pauseScheduleInput = scheduleIdInput.extend({ paused: z.boolean() });
export const listSchedulesInput = z.object({ flowId: flowIdSchema.optional() });
