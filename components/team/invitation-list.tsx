"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { RoleBadge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

export function InvitationList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.invitation.list.queryOptions());
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.invitation.list.queryFilter()),
    }),
  );
  if (!invitations.data?.length) return null;
  return (
    <Card title="Open invitations">
      {revoke.error && <Alert tone="error">{revoke.error.message}</Alert>}
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {invitations.data.map((invitation) => (
          <li key={invitation.id} className="flex items-center justify-between gap-3 py-2">
            <span className="flex items-center gap-2">
              <RoleBadge role={invitation.role} />
              by {invitation.createdBy.name}, expires {invitation.expiresAt.toLocaleDateString()}
            </span>
            <Button variant="ghost" onClick={() => revoke.mutate({ invitationId: invitation.id })}>
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
