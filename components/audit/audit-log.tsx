"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AUDIT_AREAS } from "@/lib/schemas/audit";
import { downloadText } from "../editor/download";
import { TimeFilter } from "../runs/run-filters";
import { EmptyState } from "../shell/page-header";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { FilterSelect } from "../ui/filter-select";
import { useSearchState } from "../ui/use-search-state";

const KEYS = ["actorId", "area", "flowId", "since", "until"] as const;

const SOURCES: Record<string, string> = {
  UI: "App",
  API_KEY: "API key",
  WEBHOOK: "Webhook",
  SCHEDULE: "Schedule",
};
const SOURCE_TONES: Record<string, string> = {
  UI: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  API_KEY: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  WEBHOOK: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  SCHEDULE: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
};

const detailText = (details: unknown) =>
  Object.entries((details as Record<string, unknown>) ?? {})
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");

/** RFC 4180: every field quoted, quotes doubled. */
const csvRow = (fields: string[]) => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(",");

/** The team's audit log for owners: filters in the address, newest first, CSV of what is loaded. */
export function AuditLog() {
  const trpc = useTRPC();
  const [filters, setFilters] = useSearchState(KEYS);
  const members = useQuery(trpc.team.members.queryOptions());
  const flows = useQuery(trpc.flow.list.queryOptions({ search: "" }));
  const area = AUDIT_AREAS.find((candidate) => candidate === filters.area);
  const input = {
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(area ? { area } : {}),
    ...(filters.flowId ? { flowId: filters.flowId } : {}),
    ...(filters.since ? { since: new Date(filters.since) } : {}),
    ...(filters.until ? { until: new Date(filters.until) } : {}),
  };
  const pages = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const entries = pages.data?.pages.flatMap((page) => page.entries) ?? [];
  const flowName = new Map((flows.data ?? []).map((flow) => [flow.id, flow.name]));
  const exportCsv = () =>
    downloadText(
      "weft-audit.csv",
      [
        csvRow(["time", "actor", "source", "action", "flow", "details"]),
        ...entries.map((entry) =>
          csvRow([
            new Date(entry.createdAt).toISOString(),
            entry.actorName,
            entry.source,
            entry.action,
            entry.flowId ? (flowName.get(entry.flowId) ?? entry.flowId) : "",
            detailText(entry.details),
          ]),
        ),
      ].join("\r\n"),
      "text/csv",
    );

  return (
    <div className="space-y-4">
      <div
        role="group"
        aria-label="Filter the audit log"
        className="flex flex-wrap items-center gap-4"
      >
        <FilterSelect
          label="Who"
          allLabel="Anyone"
          value={filters.actorId ?? ""}
          options={(members.data ?? []).map((m) => ({ value: m.user.id, label: m.user.name }))}
          onChange={(actorId) => setFilters({ actorId })}
        />
        <FilterSelect
          label="What"
          allLabel="Everything"
          value={area ?? ""}
          options={AUDIT_AREAS.map((value) => ({ value, label: value }))}
          onChange={(value) => setFilters({ area: value })}
        />
        <FilterSelect
          label="Flow"
          allLabel="All"
          value={filters.flowId ?? ""}
          options={(flows.data ?? []).map((flow) => ({ value: flow.id, label: flow.name }))}
          onChange={(flowId) => setFilters({ flowId })}
        />
        <TimeFilter
          label="From"
          value={filters.since}
          onChange={(since) => setFilters({ since })}
        />
        <TimeFilter
          label="Until"
          value={filters.until}
          onChange={(until) => setFilters({ until })}
        />
        <Button
          variant="secondary"
          className="ml-auto"
          disabled={!entries.length}
          onClick={exportCsv}
        >
          Export CSV
        </Button>
      </div>
      {pages.error && <Alert tone="error">{pages.error.message}</Alert>}
      {pages.isPending ? (
        <p className="text-sm text-zinc-500">Loading the audit log…</p>
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing recorded matches">
          Changes to flows, secrets, members, keys, schedules, webhooks and runs appear here.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table aria-label="Audit log" className="w-full min-w-[40rem] text-left text-sm">
            <thead className="text-xs text-zinc-500 uppercase">
              <tr>
                <th className="py-1 pr-3 font-medium">When</th>
                <th className="py-1 pr-3 font-medium">Who</th>
                <th className="py-1 pr-3 font-medium">From</th>
                <th className="py-1 pr-3 font-medium">What</th>
                <th className="py-1 pr-3 font-medium">Flow</th>
                <th className="py-1 font-medium">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr
                  key={entry.id}
                  data-action={entry.action}
                  className="border-t border-zinc-200 align-top dark:border-zinc-800"
                >
                  <td className="py-1 pr-3 whitespace-nowrap text-zinc-500">
                    {new Date(entry.createdAt).toLocaleString()}
                  </td>
                  <td className="py-1 pr-3">{entry.actorName || "—"}</td>
                  <td className="py-1 pr-3">
                    <span
                      className={`rounded px-1.5 py-0.5 text-xs ${SOURCE_TONES[entry.source] ?? ""}`}
                    >
                      {SOURCES[entry.source] ?? entry.source}
                    </span>
                  </td>
                  <td className="py-1 pr-3 font-mono text-xs">{entry.action}</td>
                  <td className="py-1 pr-3">
                    {entry.flowId &&
                      (flowName.has(entry.flowId) ? (
                        <Link className="text-indigo-600" href={`/flows/${entry.flowId}`}>
                          {flowName.get(entry.flowId)}
                        </Link>
                      ) : (
                        <span className="text-zinc-500">deleted flow</span>
                      ))}
                  </td>
                  <td className="py-1 font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
                    {detailText(entry.details)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <Button
          variant="secondary"
          disabled={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </div>
  );
}
