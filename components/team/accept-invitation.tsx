"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ROLE_LABELS } from "@/lib/schemas/team";
import { useTRPC } from "../trpc/client";
import { useRefreshAll } from "../trpc/use-refresh-all";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll("/team");
  const preview = useQuery(trpc.invitation.preview.queryOptions({ token }));
  // The server also makes the joined team the current one.
  const accept = useMutation(trpc.invitation.accept.mutationOptions({ onSuccess: refreshAll }));
  if (preview.error) return <Alert tone="error">{preview.error.message}</Alert>;
  if (!preview.data) return <p aria-busy="true">Loading invitation…</p>;
  const { teamName, role, invitedBy, problem } = preview.data;
  return (
    <div className="space-y-4 text-center">
      <p>
        {invitedBy} invited you to join <strong>{teamName}</strong> as{" "}
        <strong>{ROLE_LABELS[role].toLowerCase()}</strong>.
      </p>
      {(problem ?? accept.error) && <Alert tone="error">{problem ?? accept.error?.message}</Alert>}
      {!problem && (
        <Button
          className="w-full"
          disabled={accept.isPending}
          onClick={() => accept.mutate({ token })}
        >
          Join {teamName}
        </Button>
      )}
      <Link href="/flows" className="block text-sm text-indigo-600">
        Go to Weft
      </Link>
    </div>
  );
}
