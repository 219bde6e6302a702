import "server-only";
import { createNotificationInput, notificationIdInput } from "@/lib/schemas/notification";
import { flowIdInput } from "@/lib/schemas/flow";
import {
  createNotification,
  deleteNotification,
  listNotifications,
} from "../../notifications/notifications";
import { router, teamProcedure } from "../trpc";

export const notificationRouter = router({
  list: teamProcedure("EDITOR")
    .input(flowIdInput)
    .query(({ ctx, input }) => listNotifications(ctx.team.id, input.flowId)),
  create: teamProcedure("EDITOR")
    .input(createNotificationInput)
    .mutation(({ ctx, input }) => createNotification(ctx.team.id, input)),
  delete: teamProcedure("EDITOR")
    .input(notificationIdInput)
    .mutation(({ ctx, input }) => deleteNotification(ctx.team.id, input.notificationId)),
});
