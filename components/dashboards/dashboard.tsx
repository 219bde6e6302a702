"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { STATS_PERIODS } from "@/lib/schemas/run";
import { EmptyState } from "../shell/page-header";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { FilterSelect } from "../ui/filter-select";
import { useSearchState } from "../ui/use-search-state";
import { DurationChart, RunsPerDayChart, SuccessRateChart } from "./charts";

const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)}%`);
const seconds = (value: number | null) =>
  value === null ? "–" : value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(1)} s`;
const rateTone = (rate: number | null) =>
  rate === null
    ? ""
    : rate >= 0.95
      ? "text-emerald-700"
      : rate >= 0.8
        ? "text-amber-700"
        : "text-red-700";

function Stat({ label, value, tone = "" }: { label: string; value: string; tone?: string }) {
  return (
    <div
      role="group"
      aria-label={label}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="text-xs text-zinc-500 uppercase">{label}</p>
      <p className={`text-2xl font-semibold ${tone}`}>{value}</p>
    </div>
  );
}

/** The team's dashboard, or one flow's (`?flowId=`), over the last 7, 30 or 90 days. */
export function Dashboard() {
  const trpc = useTRPC();
  const [search, setSearch] = useSearchState(["flowId", "days"]);
  const flowId = search.flowId;
  const days = Number(search.days ?? 30);
  const set = (key: "flowId" | "days", value: string) => setSearch({ [key]: value });
  const flows = useQuery(trpc.flow.list.queryOptions({ search: "" }));
  const stats = useQuery({
    ...trpc.run.stats.queryOptions({ flowId, days }),
    refetchInterval: 15_000,
  });
  const data = stats.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4">
        <FilterSelect
          label="Flow"
          allLabel="All flows"
          value={flowId ?? ""}
          options={(flows.data ?? []).map((flow) => ({ value: flow.id, label: flow.name }))}
          onChange={(value) => set("flowId", value)}
        />
        <FilterSelect
          label="Period"
          value={String(days)}
          options={STATS_PERIODS.map((period) => ({
            value: String(period),
            label: `Last ${period} days`,
          }))}
          onChange={(value) => set("days", value)}
        />
        {flowId && (
          <Link href={`/flows/${flowId}`} className="text-sm text-indigo-600 hover:underline">
            Open the flow
          </Link>
        )}
      </div>
      {stats.error && <Alert tone="error">{stats.error.message}</Alert>}
      {!data && !stats.error && <p className="text-sm text-zinc-500">Loading the dashboard…</p>}
      {data && (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
            <Stat label="Runs" value={String(data.totals.runs)} />
            <Stat
              label="Success rate"
              value={percent(data.totals.successRate)}
              tone={rateTone(data.totals.successRate)}
            />
            <Stat
              label="Failed"
              value={String(data.totals.failed)}
              tone={data.totals.failed ? "text-red-600" : ""}
            />
            <Stat label="Duration p50" value={seconds(data.totals.p50)} />
            <Stat label="Duration p95" value={seconds(data.totals.p95)} />
          </div>
          {data.totals.runs === 0 ? (
            <EmptyState title="No runs in this period">
              Runs started from the canvas, a schedule, a webhook or the API show up here.
            </EmptyState>
          ) : (
            <div className="grid gap-4 lg:grid-cols-3">
              <RunsPerDayChart days={data.perDay} />
              <SuccessRateChart days={data.perDay} />
              <DurationChart days={data.perDay} />
            </div>
          )}
          <div className="grid gap-4 lg:grid-cols-2">
            <section aria-label="Recent failures" className="space-y-2">
              <h2 className="font-semibold">Recent failures</h2>
              {data.recentFailures.length === 0 ? (
                <p className="text-sm text-zinc-500">No failed runs in this period.</p>
              ) : (
                <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white text-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
                  {data.recentFailures.map((run) => (
                    <li key={run.id} className="px-3 py-2">
                      <Link href={`/runs/${run.id}`} className="font-medium text-indigo-600">
                        {run.flow.name}
                      </Link>{" "}
                      <span className="text-xs text-zinc-500">
                        {new Date(run.createdAt).toLocaleString()} · {run.trigger.toLowerCase()}
                      </span>
                      {run.error && (
                        <p className="truncate text-red-700 dark:text-red-300">{run.error}</p>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {!flowId && data.flows.length > 0 && (
              <section aria-label="Flows" className="space-y-2">
                <h2 className="font-semibold">Flows</h2>
                <table className="w-full text-sm">
                  <thead className="text-left text-xs text-zinc-500">
                    <tr>
                      <th className="py-1">Flow</th>
                      <th>Runs</th>
                      <th>Success rate</th>
                      <th>p95</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                    {data.flows.map((flow) => {
                      const decided = flow.completed + flow.failed;
                      const rate = decided ? flow.completed / decided : null;
                      return (
                        <tr key={flow.flowId}>
                          <td className="py-1.5">
                            <button
                              type="button"
                              className="text-indigo-600 hover:underline"
                              onClick={() => set("flowId", flow.flowId)}
                            >
                              {flow.name}
                            </button>
                          </td>
                          <td>{flow.runs}</td>
                          <td className={rateTone(rate)}>{percent(rate)}</td>
                          <td>{seconds(flow.p95)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </section>
            )}
          </div>
        </>
      )}
    </div>
  );
}
