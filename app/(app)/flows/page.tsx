import { FlowList } from "@/components/flows/flow-list";
import { PageHeader } from "@/components/shell/page-header";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function FlowsPage() {
  const user = await requireUser("/flows");
  const { role } = await currentMembership(user.id);
  return (
    <>
      <PageHeader title="Flows" description="Pipelines your team composes on the canvas." />
      <FlowList canEdit={hasRole(role, "EDITOR")} />
    </>
  );
}
