import Link from "next/link";
import type { FlowActivity } from "@/server/flows/activity";
import { StatusBadge } from "../runs/status-badge";

/** Seven bars, one a day: how often the flow ran this week. */
export function Sparkline({ counts }: { counts: number[] }) {
  const max = Math.max(1, ...counts);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return (
    <svg
      role="img"
      aria-label={`${total} run${total === 1 ? "" : "s"} in the last 7 days (${counts.join(", ")} a day)`}
      viewBox="0 0 70 20"
      className="h-5 w-[70px] text-indigo-500"
    >
      {counts.map((count, day) => {
        const height = count ? Math.max(2, (count / max) * 18) : 1;
        return (
          <rect
            key={day}
            x={day * 10 + 1}
            y={20 - height}
            width={8}
            height={height}
            rx={1}
            className={count ? "fill-current" : "fill-zinc-300 dark:fill-zinc-700"}
          />
        );
      })}
    </svg>
  );
}

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A flow's last run, its week of runs and its next scheduled run, as the flows list shows them. */
export function FlowActivitySummary({ activity }: { activity: FlowActivity | undefined }) {
  if (!activity) return null;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-500 md:justify-end">
      <Sparkline counts={activity.runsByDay} />
      {activity.lastRun ? (
        <Link
          href={`/runs/${activity.lastRun.id}`}
          aria-label={`Last run: ${activity.lastRun.status.toLowerCase()}, ${when(activity.lastRun.createdAt)}`}
          className="flex items-center gap-1 hover:underline"
        >
          <StatusBadge status={activity.lastRun.status} /> {when(activity.lastRun.createdAt)}
        </Link>
      ) : (
        <span>Never run</span>
      )}
      {activity.nextRunAt && <span>Next run {when(activity.nextRunAt)}</span>}
    </div>
  );
}
