"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RUN_STATUSES } from "@/lib/schemas/run";
import { EmptyState } from "../shell/page-header";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { duration, StatusBadge } from "./status-badge";

type Status = (typeof RUN_STATUSES)[number];

/** Every run of the team, newest first, filtered by status, a page at a time. */
export function RunList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "">("");
  const runs = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      { limit: 50, ...(status ? { status } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 2_000 },
    ),
  );
  const rows = runs.data?.pages.flatMap((page) => page.runs) ?? [];
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        Status
        <select
          className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | "")}
        >
          <option value="">All</option>
          {RUN_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value.charAt(0) + value.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {runs.isSuccess && rows.length === 0 ? (
        <EmptyState title="No runs yet">
          Run a flow from its canvas; its runs show up here.
        </EmptyState>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="py-1">Flow</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Started</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((run) => (
              <tr key={run.id} data-run-id={run.id}>
                <td className="py-1.5">
                  <Link href={`/runs/${run.id}`} className="text-indigo-600 hover:underline">
                    {run.flow.name} <span className="text-zinc-500">v{run.version}</span>
                  </Link>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{run.trigger.toLowerCase()}</td>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>{duration(run.startedAt, run.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.hasNextPage && (
        <Button
          variant="secondary"
          onClick={() => runs.fetchNextPage()}
          disabled={runs.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </div>
  );
}
