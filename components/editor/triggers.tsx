"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { describeCron } from "@/lib/schedules/timing";
import { useTRPC } from "../trpc/client";
import { useEditorStore, useReadOnly } from "./editor-context";

const chip =
  "flex items-center gap-1 rounded-full border border-zinc-300 bg-white px-2.5 py-1 text-xs shadow-sm hover:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-900";

/** Shows the flow settings and brings one of its sections into view. */
function openSettings(store: ReturnType<typeof useEditorStore>, section: string) {
  store.getState().selectAll(false);
  requestAnimationFrame(() => {
    const target = document.getElementById(section);
    target?.scrollIntoView({ block: "start" });
    target?.querySelector<HTMLElement>("input, button, select, textarea")?.focus();
  });
}

function scheduleText(schedule: {
  kind: string;
  cron: string | null;
  intervalMinutes: number | null;
  timezone: string;
}) {
  if (schedule.kind === "INTERVAL") return `every ${schedule.intervalMinutes} min`;
  try {
    return `${describeCron(schedule.cron ?? "")} (${schedule.timezone})`;
  } catch {
    return schedule.cron ?? "";
  }
}

/**
 * What starts this flow, at the start of the canvas: by hand or API, its schedules and its
 * webhooks. Each chip leads to where it is set up.
 */
export function Triggers({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const schedules = useQuery(trpc.schedule.list.queryOptions({ flowId }));
  // Webhook URLs are for editors: viewers see the schedules and the manual trigger.
  const hooks = useQuery({ ...trpc.webhook.list.queryOptions({ flowId }), enabled: !readOnly });
  const liveHooks = (hooks.data ?? []).filter((hook) => !hook.revokedAt);
  return (
    <nav
      aria-label="Triggers"
      className="pointer-events-auto absolute top-3 left-3 z-10 flex max-w-[60%] flex-wrap items-center gap-1.5"
    >
      <span className="text-[10px] font-semibold tracking-wide text-zinc-500 uppercase">
        Starts
      </span>
      <button type="button" className={chip} onClick={() => openSettings(store, "flow-parameters")}>
        <span aria-hidden="true">▶</span> By hand or API
      </button>
      {schedules.data?.map((schedule) => (
        <Link
          key={schedule.id}
          href={`/schedules?flowId=${flowId}`}
          className={`${chip} ${schedule.paused ? "opacity-60" : ""}`}
          title="Open the schedules"
        >
          <span aria-hidden="true">⏱</span> {scheduleText(schedule)}
          {schedule.paused && " · paused"}
        </Link>
      ))}
      {liveHooks.map((hook) => (
        <button
          key={hook.id}
          type="button"
          className={chip}
          onClick={() => openSettings(store, "flow-webhooks")}
        >
          <span aria-hidden="true">↪</span> Webhook {hook.name}
        </button>
      ))}
    </nav>
  );
}
