import { PageHeader } from "@/components/shell/page-header";
import { TeamSettings } from "@/components/team/team-settings";
import { requireUser } from "@/server/auth/session";

export default async function TeamPage() {
  const user = await requireUser("/team");
  return (
    <>
      <PageHeader title="Team" description="Members, roles and invitations of the current team." />
      <TeamSettings userId={user.id} />
    </>
  );
}
