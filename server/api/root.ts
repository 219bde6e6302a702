import "server-only";
import { apiKeyRouter } from "./routers/api-key";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { codeRouter } from "./routers/code";
import { connectionRouter } from "./routers/connection";
import { flowRouter } from "./routers/flow";
import { invitationRouter } from "./routers/invitation";
import { notificationRouter } from "./routers/notification";
import { runRouter } from "./routers/run";
import { scheduleRouter } from "./routers/schedule";
import { secretRouter } from "./routers/secret";
import { teamRouter } from "./routers/team";
import { webhookRouter } from "./routers/webhook";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  team: teamRouter,
  invitation: invitationRouter,
  flow: flowRouter,
  secret: secretRouter,
  run: runRouter,
  apiKey: apiKeyRouter,
  webhook: webhookRouter,
  schedule: scheduleRouter,
  notification: notificationRouter,
  audit: auditRouter,
  code: codeRouter,
  connection: connectionRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
