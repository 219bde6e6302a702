"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { RoleName } from "@/lib/schemas/team";
import { useTRPC } from "../trpc/client";
import { useRefreshAll } from "../trpc/use-refresh-all";
import { inputClass } from "../ui/field";

export interface TeamOption {
  id: string;
  name: string;
  role: RoleName;
}

export function TeamSwitcher({ teams, currentId }: { teams: TeamOption[]; currentId: string }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const switchTeam = useMutation(trpc.team.switch.mutationOptions({ onSuccess: refreshAll }));
  return (
    <div className="space-y-1">
      <select
        aria-label="Current team"
        value={currentId}
        disabled={switchTeam.isPending}
        className={inputClass}
        onChange={(event) => switchTeam.mutate({ teamId: event.target.value })}
      >
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      <Link href="/teams/new" className="block text-xs font-medium text-indigo-600 hover:underline">
        + New team
      </Link>
    </div>
  );
}
