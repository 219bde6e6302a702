"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/schemas/team";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { RoleBadge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { inputClass } from "../ui/field";

export function MemberList({ userId, canManage }: { userId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.team.members.queryOptions());
  const refresh = {
    onSuccess: () => queryClient.invalidateQueries(trpc.team.members.queryFilter()),
  };
  const changeRole = useMutation(trpc.team.changeRole.mutationOptions(refresh));
  const remove = useMutation(trpc.team.removeMember.mutationOptions(refresh));
  const error = changeRole.error ?? remove.error ?? members.error;

  return (
    <Card title="Members">
      {error && <Alert tone="error">{error.message}</Alert>}
      <table className="mt-2 w-full text-left text-sm">
        <thead className="text-xs text-zinc-500 uppercase">
          <tr>
            <th className="py-2">Name</th>
            <th>Email</th>
            <th>Role</th>
            {canManage && <th className="sr-only">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {members.data?.map((member) => {
            const label =
              member.user.id === userId ? `${member.user.name} (you)` : member.user.name;
            return (
              <tr
                key={member.id}
                className="border-t border-zinc-200 dark:border-zinc-800"
                aria-label={member.user.email}
              >
                <td className="py-2 font-medium">{label}</td>
                <td className="text-zinc-600 dark:text-zinc-400">{member.user.email}</td>
                <td>
                  {canManage ? (
                    <select
                      aria-label={`Role of ${member.user.email}`}
                      value={member.role}
                      className={`${inputClass} w-32 py-1`}
                      onChange={(event) =>
                        changeRole.mutate({
                          membershipId: member.id,
                          role: event.target.value as RoleName,
                        })
                      }
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </td>
                {canManage && (
                  <td className="text-right">
                    {member.user.id !== userId && (
                      <Button
                        variant="ghost"
                        aria-label={`Remove ${member.user.email}`}
                        onClick={() => {
                          if (confirm(`Remove ${member.user.name} from the team?`))
                            remove.mutate({ membershipId: member.id });
                        }}
                      >
                        Remove
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
