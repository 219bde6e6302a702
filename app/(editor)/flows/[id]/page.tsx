import { FlowEditor } from "@/components/editor/flow-editor";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/flows/${encodeURIComponent(id)}`);
  const { role } = await currentMembership(user.id);
  return <FlowEditor flowId={id} canEdit={hasRole(role, "EDITOR")} />;
}
