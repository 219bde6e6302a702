import type { RoleName } from "@/lib/schemas/team";
import { ROLE_LABELS } from "@/lib/schemas/team";

const ROLE_TONES: Record<RoleName, string> = {
  OWNER: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200",
  EDITOR: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  VIEWER: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

export function RoleBadge({ role }: { role: RoleName }) {
  return (
    <span
      data-role={role}
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${ROLE_TONES[role]}`}
    >
      {ROLE_LABELS[role]}
    </span>
  );
}
