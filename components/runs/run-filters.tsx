"use client";

import { useQuery } from "@tanstack/react-query";
import { RUN_STATUSES, RUN_TRIGGERS } from "@/lib/schemas/run";
import { useTRPC } from "../trpc/client";
import { FilterSelect, filterFieldClass } from "../ui/filter-select";
import { useSearchState } from "../ui/use-search-state";
import { titleCase } from "./status-badge";

export const FILTER_KEYS = ["flowId", "status", "trigger", "since", "until"] as const;
export type RunFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** The runs filters, held in the page's query string so a filtered list can be linked to. */
export const useRunFilters = () => useSearchState(FILTER_KEYS);

/**
 * The filters as the list applies them: a status or trigger in any case (the API's documented
 * `?trigger=schedule` as well as the list's own `SCHEDULE`); one that is neither is left out and
 * named in `unknown`, so a hand-edited address never turns into a validator's message.
 */
export function readFilters(filters: RunFilters): { filters: RunFilters; unknown: string[] } {
  const read: RunFilters = { ...filters };
  const unknown: string[] = [];
  for (const [key, allowed] of [
    ["status", RUN_STATUSES],
    ["trigger", RUN_TRIGGERS],
  ] as const) {
    const value = filters[key];
    if (!value) continue;
    const upper = value.toUpperCase();
    if ((allowed as readonly string[]).includes(upper)) read[key] = upper;
    else {
      delete read[key];
      unknown.push(`${key} “${value}”`);
    }
  }
  return { filters: read, unknown };
}

/** Flow, status, trigger and time range pickers for the runs list. */
export function RunFilterBar({
  filters,
  onChange,
}: {
  filters: RunFilters;
  onChange(change: RunFilters): void;
}) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flow.list.queryOptions({ search: "" }));
  return (
    <div role="group" aria-label="Filter runs" className="flex flex-wrap items-center gap-4">
      <FilterSelect
        label="Flow"
        allLabel="All"
        value={filters.flowId ?? ""}
        options={(flows.data ?? []).map((flow) => ({ value: flow.id, label: flow.name }))}
        onChange={(flowId) => onChange({ flowId })}
      />
      <FilterSelect
        label="Status"
        allLabel="All"
        value={filters.status ?? ""}
        options={RUN_STATUSES.map((value) => ({ value, label: titleCase(value) }))}
        onChange={(status) => onChange({ status })}
      />
      <FilterSelect
        label="Trigger"
        allLabel="All"
        value={filters.trigger ?? ""}
        options={RUN_TRIGGERS.map((value) => ({ value, label: titleCase(value) }))}
        onChange={(trigger) => onChange({ trigger })}
      />
      <TimeFilter label="From" value={filters.since} onChange={(since) => onChange({ since })} />
      <TimeFilter label="Until" value={filters.until} onChange={(until) => onChange({ until })} />
    </div>
  );
}

/** A time filter (the browser's time zone), held as an ISO time; empty when cleared. */
export function TimeFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange(iso: string): void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      {label}
      <input
        aria-label={label}
        type="datetime-local"
        className={filterFieldClass}
        value={value ? toLocalInput(value) : ""}
        onChange={(event) =>
          onChange(event.target.value ? new Date(event.target.value).toISOString() : "")
        }
      />
    </label>
  );
}

/** An ISO time as the value of a datetime-local input, in the browser's time zone. */
function toLocalInput(iso: string) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
