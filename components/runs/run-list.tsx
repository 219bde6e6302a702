"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RUN_STATUSES, RUN_TRIGGERS } from "@/lib/schemas/run";
import { EmptyState } from "../shell/page-header";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { readFilters, RunFilterBar, useRunFilters } from "./run-filters";
import { duration, StatusBadge } from "./status-badge";

type Status = (typeof RUN_STATUSES)[number];
type Trigger = (typeof RUN_TRIGGERS)[number];

/** Every run of the team, newest first, filtered by flow, status, trigger and time, a page at a time. */
export function RunList() {
  const trpc = useTRPC();
  const [addressed, setFilters] = useRunFilters();
  const { filters, unknown } = readFilters(addressed);
  const runs = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      {
        limit: 50,
        flowId: filters.flowId,
        status: filters.status as Status | undefined,
        trigger: filters.trigger as Trigger | undefined,
        // As typed in the address: the server reads the time and names a bad one.
        since: filters.since,
        until: filters.until,
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 2_000 },
    ),
  );
  const rows = runs.data?.pages.flatMap((page) => page.runs) ?? [];
  const filtered = Object.keys(filters).length > 0;
  return (
    <div className="space-y-3">
      <RunFilterBar filters={filters} onChange={setFilters} />
      {unknown.length > 0 && (
        <Alert>Not a filter this list knows, so it is left out: {unknown.join(", ")}.</Alert>
      )}
      {runs.error && <Alert tone="error">{runs.error.message}</Alert>}
      {runs.isSuccess && rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No runs match">
            Change or clear the filters to see more runs.
          </EmptyState>
        ) : (
          <EmptyState title="No runs yet">
            Run a flow from its canvas; its runs show up here.
          </EmptyState>
        )
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
