"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { ApiKeys } from "./api-keys";
import { InviteForm } from "./invite-form";
import { InvitationList } from "./invitation-list";
import { LeaveTeam } from "./leave-team";
import { MemberList } from "./member-list";
import { RenameTeam } from "./rename-team";

export function TeamSettings({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.team.current.queryOptions());
  if (current.error) return <Alert tone="error">{current.error.message}</Alert>;
  if (!current.data)
    return (
      <p aria-busy="true" className="text-sm text-zinc-500">
        Loading team…
      </p>
    );
  const team = current.data;
  const isOwner = team.role === "OWNER";
  return (
    <div className="max-w-3xl space-y-6">
      <RenameTeam name={team.name} canEdit={isOwner} />
      <MemberList userId={userId} canManage={isOwner} />
      {isOwner && <InviteForm />}
      {isOwner && <InvitationList />}
      {team.role !== "VIEWER" && <ApiKeys />}
      {!(team.personal && isOwner) && <LeaveTeam teamName={team.name} />}
    </div>
  );
}
