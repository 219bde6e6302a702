"use client";

import { useEffect, useState } from "react";

const TONES: Record<string, string> = {
  SCHEDULED: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  PENDING: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  RUNNING: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  RETRYING: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  COMPLETED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  CACHED: "bg-teal-100 text-teal-800 dark:bg-teal-950 dark:text-teal-200",
  FAILED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  SKIPPED: "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
  CANCELLED: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
};

/** "COMPLETED" → "Completed": how statuses and triggers read on screen. */
export const titleCase = (value: string) => value.charAt(0) + value.slice(1).toLowerCase();

/** A run's or node's state as a coloured badge. */
export function StatusBadge({ status, detail }: { status: string; detail?: string }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? TONES.PENDING}`}
    >
      {status === "RUNNING" && (
        <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />
      )}
      {titleCase(status)}
      {detail && <span className="font-normal opacity-80">{detail}</span>}
    </span>
  );
}

/** "attempt 2 of 3" once a node has needed more than one attempt or is waiting to retry. */
export function attemptDetail(node: { status: string; attempts: number }, maxAttempts?: number) {
  if (node.attempts <= 1 && node.status !== "RETRYING") return undefined;
  return `attempt ${node.attempts}${maxAttempts ? ` of ${maxAttempts}` : ""}`;
}

/** The current time, refreshed every `every` ms while `ticking`. */
export function useNow(ticking: boolean, every = 500) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [ticking, every]);
  return now;
}

/** A duration that keeps counting while `to` is not set yet. */
export function Elapsed({ from, to }: { from?: Date | string | null; to?: Date | string | null }) {
  const now = useNow(Boolean(from) && !to);
  return <>{duration(from, to ?? new Date(now))}</>;
}

/** "1.2 s", "3 min 4 s" between two times (until now while running). */
export function duration(from?: Date | string | null, to?: Date | string | null) {
  if (!from) return "";
  const ms = (to ? new Date(to) : new Date()).getTime() - new Date(from).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
