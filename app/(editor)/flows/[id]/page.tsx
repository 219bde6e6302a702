import { FlowEditor } from "@/components/editor/flow-editor";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { getVersion } from "@/server/flows/versions";
import { currentMembership } from "@/server/teams/current-team";

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/flows/${encodeURIComponent(id)}`);
  const { team, role } = await currentMembership(user.id);
  // The latest version comes with the page, not from a request the page makes once it has loaded
  // (a round trip saved on every open). A flow of another team, or none, is left to the editor's
  // own query, which says so.
  const latest = await getVersion(team.id, id).catch(() => undefined);
  return <FlowEditor flowId={id} canEdit={hasRole(role, "EDITOR")} latest={latest} />;
}
