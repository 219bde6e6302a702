import { RunView } from "@/components/runs/run-view";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/runs/${encodeURIComponent(id)}`);
  const { role } = await currentMembership(user.id);
  return <RunView runId={id} canAct={hasRole(role, "EDITOR")} />;
}
