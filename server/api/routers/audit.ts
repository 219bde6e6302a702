import "server-only";
import { listAuditInput } from "@/lib/schemas/audit";
import { listAudit } from "../../audit/audit";
import { router, teamProcedure } from "../trpc";

export const auditRouter = router({
  /** The team's audit log, newest first (owners only). */
  list: teamProcedure("OWNER")
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(ctx.team.id, input)),
});
