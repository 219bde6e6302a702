import "server-only";
import {
  createScheduleInput,
  listSchedulesInput,
  pauseScheduleInput,
  scheduleIdInput,
  updateScheduleInput,
} from "@/lib/schemas/schedule";
import {
  createSchedule,
  deleteSchedule,
  listSchedules,
  setSchedulePaused,
  updateSchedule,
} from "../../schedules/schedules";
import { router, teamProcedure } from "../trpc";

export const scheduleRouter = router({
  list: teamProcedure("VIEWER")
    .input(listSchedulesInput)
    .query(({ ctx, input }) => listSchedules(ctx.team.id, input.flowId)),
  create: teamProcedure("EDITOR")
    .input(createScheduleInput)
    .mutation(({ ctx, input }) => createSchedule(ctx.team.id, input)),
  update: teamProcedure("EDITOR")
    .input(updateScheduleInput)
    .mutation(({ ctx, input }) => updateSchedule(ctx.team.id, input)),
  setPaused: teamProcedure("EDITOR")
    .input(pauseScheduleInput)
    .mutation(({ ctx, input }) => setSchedulePaused(ctx.team.id, input.scheduleId, input.paused)),
  delete: teamProcedure("EDITOR")
    .input(scheduleIdInput)
    .mutation(({ ctx, input }) => deleteSchedule(ctx.team.id, input.scheduleId)),
});
