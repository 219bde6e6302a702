import { AuditLog } from "@/components/audit/audit-log";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function AuditPage() {
  const user = await requireUser("/audit");
  const { role } = await currentMembership(user.id);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, when and from where: the app, an API key, a webhook or a schedule. Entries cannot be edited or deleted."
      />
      {hasRole(role, "OWNER") ? (
        <AuditLog />
      ) : (
        <EmptyState title="Owners read the audit log">
          Ask an owner of this team if you need to know who changed something.
        </EmptyState>
      )}
    </>
  );
}
