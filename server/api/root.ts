import "server-only";
import { authRouter } from "./routers/auth";
import { invitationRouter } from "./routers/invitation";
import { teamRouter } from "./routers/team";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  team: teamRouter,
  invitation: invitationRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
