"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

export function LeaveTeam({ teamName }: { teamName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const leave = useMutation(
    trpc.team.leave.mutationOptions({
      onSuccess: () => {
        router.push("/flows");
        router.refresh();
      },
    }),
  );
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
