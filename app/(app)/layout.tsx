import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";
import { listTeams } from "@/server/teams/teams";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/flows");
  const [teams, { team, role }] = await Promise.all([
    listTeams(user.id),
    currentMembership(user.id),
  ]);
  return (
    <AppShell user={user} teams={teams} current={{ id: team.id, name: team.name, role }}>
      {children}
    </AppShell>
  );
}
