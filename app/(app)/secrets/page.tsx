import { SecretManager } from "@/components/secrets/secret-manager";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function SecretsPage() {
  const user = await requireUser("/secrets");
  const { role } = await currentMembership(user.id);
  return (
    <>
      <PageHeader
        title="Secrets"
        description="Encrypted values your flows use as secrets.NAME. A value is never shown after it is saved."
      />
      {hasRole(role, "EDITOR") ? (
        <SecretManager />
      ) : (
        <EmptyState title="Editors and owners manage secrets">
          Ask an owner of this team for the editor role.
        </EmptyState>
      )}
    </>
  );
}
