"use client";

import { duration, Elapsed, useNow } from "./status-badge";
import type { NodeSummary } from "./node-details";

const BARS: Record<string, string> = {
  RUNNING: "bg-sky-500 animate-pulse",
  RETRYING: "bg-amber-500",
  COMPLETED: "bg-emerald-500",
  CACHED: "bg-teal-500",
  FAILED: "bg-red-500",
  CANCELLED: "bg-zinc-400",
};

const time = (value: Date | string | null) => (value ? new Date(value).getTime() : null);

interface Props {
  nodes: NodeSummary[];
  names: Record<string, string>;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
  selectedId: string | null;
  onSelect(nodeId: string): void;
}

/** A Gantt chart of the run: one bar per node from its start to its end (or now). */
export function Timeline({ nodes, names, startedAt, finishedAt, selectedId, onSelect }: Props) {
  const now = useNow(Boolean(startedAt) && !finishedAt);
  const starts = nodes.map((node) => time(node.startedAt)).filter((t) => t !== null);
  const origin = time(startedAt) ?? (starts.length ? Math.min(...starts) : now);
  const end = time(finishedAt) ?? now;
  const span = Math.max(end - origin, 1);
  return (
    <section
      aria-label="Timeline"
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="mb-2 flex justify-between text-xs text-zinc-500">
        <h2 className="font-medium uppercase">Timeline</h2>
        <span>{startedAt && <Elapsed from={startedAt} to={finishedAt} />}</span>
      </div>
      <ol className="space-y-1">
        {nodes.map((node) => {
          const from = time(node.startedAt);
          const to = time(node.finishedAt) ?? (from !== null ? end : null);
          const left = from === null ? 0 : ((from - origin) / span) * 100;
          const width =
            from === null || to === null ? 0 : Math.max(((to - from) / span) * 100, 0.8);
          const name = names[node.nodeId] ?? node.nodeId;
          return (
            <li key={node.nodeId} data-timeline-node={node.nodeId} data-status={node.status}>
              <button
                type="button"
                onClick={() => onSelect(node.nodeId)}
                aria-pressed={selectedId === node.nodeId}
                aria-label={`${name}: ${node.status.toLowerCase()}${node.startedAt ? `, ${duration(node.startedAt, node.finishedAt)}` : ""}`}
                className={`flex w-full items-center gap-2 rounded px-1 text-left text-xs hover:bg-zinc-100 dark:hover:bg-zinc-900 ${selectedId === node.nodeId ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
              >
                <span className="w-28 shrink-0 truncate">{name}</span>
                <span className="relative h-3 flex-1 rounded bg-zinc-100 dark:bg-zinc-800">
                  {width > 0 && (
                    <span
                      className={`absolute inset-y-0 rounded ${BARS[node.status] ?? "bg-zinc-400"}`}
                      style={{ left: `${Math.min(left, 99.2)}%`, width: `${width}%` }}
                    />
                  )}
                </span>
                <span className="w-16 shrink-0 text-right text-zinc-500">
                  {node.startedAt
                    ? duration(node.startedAt, node.finishedAt)
                    : node.status.toLowerCase()}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
