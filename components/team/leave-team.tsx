"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc/client";
import { useRefreshAll } from "../trpc/use-refresh-all";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

export function LeaveTeam({ teamName }: { teamName: string }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll("/flows");
  const leave = useMutation(trpc.team.leave.mutationOptions({ onSuccess: refreshAll }));
  return (
    <Card title="Leave team">
      {leave.error && <Alert tone="error">{leave.error.message}</Alert>}
      <Button
        variant="danger"
        disabled={leave.isPending}
        onClick={() => {
          if (confirm(`Leave ${teamName}? You lose access to its flows.`)) leave.mutate();
        }}
      >
        Leave {teamName}
      </Button>
    </Card>
  );
}
