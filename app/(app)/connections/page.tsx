import { ConnectionManager } from "@/components/connections/connection-manager";
import { PageHeader } from "@/components/shell/page-header";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function ConnectionsPage() {
  const user = await requireUser("/connections");
  const { role } = await currentMembership(user.id);
  return (
    <>
      <PageHeader
        title="Connections"
        description="Databases, mail servers, Slack, APIs and storage your blocks use. Secrets inside are encrypted and never shown again."
      />
      <ConnectionManager canEdit={hasRole(role, "EDITOR")} />
    </>
  );
}
