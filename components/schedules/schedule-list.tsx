"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { inZone } from "@/lib/schedules/format";
import { describeCron, nextFireTimes } from "@/lib/schedules/timing";
import { StatusBadge } from "../runs/status-badge";
import { EmptyState } from "../shell/page-header";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { ScheduleForm, type EditedSchedule } from "./schedule-form";

/** The team's schedules: timing in words, next run, pause/resume, delete; and a form for a new one. */
export function Schedules({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schedules = useQuery(trpc.schedule.list.queryOptions({}));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.schedule.list.queryKey({}) });
  const pause = useMutation(trpc.schedule.setPaused.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.schedule.delete.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState<EditedSchedule | null>(null);
  return (
    <div className="max-w-3xl space-y-6">
      {schedules.isSuccess && schedules.data.length === 0 ? (
        <EmptyState title="No schedules yet">Run a flow every day, hour or on any cron.</EmptyState>
      ) : (
        <ul
          aria-label="Schedules"
          className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
        >
          {schedules.data?.map((s) => {
            const timing =
              s.kind === "CRON"
                ? { kind: "CRON" as const, cron: s.cron!, timezone: s.timezone }
                : {
                    kind: "INTERVAL" as const,
                    intervalMinutes: s.intervalMinutes!,
                    anchor: new Date(s.anchor!),
                  };
            const words =
              timing.kind === "CRON"
                ? `${describeCron(timing.cron)} (${timing.timezone})`
                : `Every ${timing.intervalMinutes} minutes`;
            return (
              <li
                key={s.id}
                data-schedule-id={s.id}
                className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm"
              >
                <span className="font-medium">{s.flow.name}</span>
                <span>{words}</span>
                {s.lastRun ? (
                  <Link
                    href={`/runs/${s.lastRun.id}`}
                    aria-label={`Last run of ${s.flow.name}: ${s.lastRun.status.toLowerCase()}`}
                    className="inline-flex items-center gap-1 text-xs text-zinc-500"
                  >
                    last run <StatusBadge status={s.lastRun.status} />
                  </Link>
                ) : (
                  <span className="text-xs text-zinc-500">no run yet</span>
                )}
                {s.paused ? (
                  <span className="rounded-full bg-zinc-200 px-2 text-xs dark:bg-zinc-700">
                    Paused
                  </span>
                ) : (
                  <span className="text-xs text-zinc-500">
                    next{" "}
                    {inZone(
                      nextFireTimes(timing, new Date(), 1)[0] ?? new Date(),
                      timing.kind === "CRON"
                        ? timing.timezone
                        : Intl.DateTimeFormat().resolvedOptions().timeZone,
                    )}
                  </span>
                )}
                {canEdit && (
                  <span className="ml-auto flex gap-1">
                    <Button
                      variant="ghost"
                      aria-label={`Edit schedule of ${s.flow.name}`}
                      onClick={() => setEditing(s as EditedSchedule)}
                    >
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      onClick={() => pause.mutate({ scheduleId: s.id, paused: !s.paused })}
                    >
                      {s.paused ? "Resume" : "Pause"}
                    </Button>
                    <Button
                      variant="ghost"
                      aria-label={`Delete schedule of ${s.flow.name}`}
                      onClick={() => {
                        if (confirm(`Delete the schedule of “${s.flow.name}” (${words})?`))
                          remove.mutate({ scheduleId: s.id });
                      }}
                    >
                      Delete
                    </Button>
                  </span>
                )}
                {s.lastRun?.status === "FAILED" && s.lastRun.error && (
                  <p role="alert" className="basis-full text-xs text-red-700 dark:text-red-300">
                    {s.lastRun.error}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit &&
        (editing ? (
          <ScheduleForm
            key={editing.id}
            editing={editing}
            onDone={() => {
              setEditing(null);
              void refresh();
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <ScheduleForm onDone={refresh} />
        ))}
    </div>
  );
}
