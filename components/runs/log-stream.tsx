"use client";

import { useEffect, useMemo, useRef } from "react";
import { LOG_TONES, type LogLine, type NodeSummary } from "./node-details";
import { duration } from "./status-badge";

interface Entry extends LogLine {
  node: string;
}

/** Every node's log lines and state changes of the run, merged in time order. */
export function runLog(nodes: NodeSummary[], names: Record<string, string>): Entry[] {
  const entries: Entry[] = [];
  for (const node of nodes) {
    const name = names[node.nodeId] ?? node.nodeId;
    const at = (time: Date | string) => new Date(time).toISOString();
    if (node.startedAt)
      entries.push({ node: name, level: "state", message: "started", time: at(node.startedAt) });
    for (const line of (node.logs as LogLine[] | null) ?? []) entries.push({ node: name, ...line });
    if (node.finishedAt)
      entries.push({
        node: name,
        level: node.status === "FAILED" ? "error" : "state",
        message: `${node.status.toLowerCase()}${node.startedAt ? ` after ${duration(node.startedAt, node.finishedAt)}` : ""}`,
        time: at(node.finishedAt),
      });
  }
  // A stable sort keeps each node's own order for lines written in the same millisecond.
  return entries.sort((a, b) => a.time.localeCompare(b.time));
}

/** The run's log as it grows, kept scrolled to the newest line. */
export function LogStream({
  nodes,
  names,
}: {
  nodes: NodeSummary[];
  names: Record<string, string>;
}) {
  const entries = useMemo(() => runLog(nodes, names), [nodes, names]);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [entries.length]);
  return (
    <section
      aria-label="Run log"
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <h2 className="mb-2 text-xs font-medium text-zinc-500 uppercase">Log</h2>
      <ol ref={list} className="max-h-64 overflow-y-auto font-mono text-xs">
        {entries.length === 0 && <li className="text-zinc-500">Nothing logged yet.</li>}
        {entries.map((entry, index) => (
          <li key={index} data-level={entry.level}>
            <span className="text-zinc-500">{new Date(entry.time).toLocaleTimeString()}</span>{" "}
            <span className="font-semibold">{entry.node}</span>{" "}
            <span
              className={LOG_TONES[entry.level] ?? (entry.level === "state" ? "text-zinc-500" : "")}
            >
              {entry.level === "state" ? "" : entry.level}
            </span>{" "}
            {entry.message}
          </li>
        ))}
      </ol>
    </section>
  );
}
