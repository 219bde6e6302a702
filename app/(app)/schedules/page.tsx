import { Schedules } from "@/components/schedules/schedule-list";
import { PageHeader } from "@/components/shell/page-header";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function SchedulesPage() {
  const user = await requireUser("/schedules");
  const { role } = await currentMembership(user.id);
  return (
    <>
      <PageHeader title="Schedules" description="Flows that run on a cron or an interval." />
      <Schedules canEdit={hasRole(role, "EDITOR")} />
    </>
  );
}
