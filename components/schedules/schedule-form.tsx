"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { inZone, timeZones } from "@/lib/schedules/format";
import { cronProblem, describeCron, isTimeZone, nextFireTimes } from "@/lib/schedules/timing";
import { ParameterFields, readParameters } from "../flows/parameter-fields";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { inputClass } from "../ui/field";

const UNITS = { minutes: 1, hours: 60, days: 1440 } as const;

/** A schedule as the list gives it, to edit. */
export interface EditedSchedule {
  id: string;
  flowId: string;
  kind: "CRON" | "INTERVAL";
  cron: string | null;
  timezone: string;
  intervalMinutes: number | null;
  anchor: Date | string | null;
  parameters: unknown;
}

const localInput = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const NO_ZONES: string[] = [];
let zoneList: string[] | undefined;
const clientZones = () => (zoneList ??= timeZones());
const noChanges = () => () => undefined;

/**
 * A new schedule, or changes to one: the cron in words and the next five fire times in the
 * schedule's own zone as you type, the flow's parameters as a typed form.
 */
export function ScheduleForm({
  editing,
  onDone,
  onCancel,
}: {
  editing?: EditedSchedule;
  onDone(): void;
  onCancel?(): void;
}) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flow.list.queryOptions({}));
  const create = useMutation(trpc.schedule.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.schedule.update.mutationOptions({ onSuccess: onDone }));
  const [flowId, setFlowId] = useState(editing?.flowId ?? "");
  const version = useQuery({
    ...trpc.flow.version.queryOptions({ flowId }),
    enabled: Boolean(flowId),
  });
  const [kind, setKind] = useState<"CRON" | "INTERVAL">(editing?.kind ?? "CRON");
  const [cron, setCron] = useState(editing?.cron ?? "0 9 * * 1-5");
  const [timezone, setTimezone] = useState(() => editing?.timezone ?? browserZone());
  const minutes = editing?.intervalMinutes ?? 60;
  const initialUnit = minutes % 1440 === 0 ? "days" : minutes % 60 === 0 ? "hours" : "minutes";
  const [every, setEvery] = useState(minutes / UNITS[initialUnit]);
  const [unit, setUnit] = useState<keyof typeof UNITS>(initialUnit);
  const [anchor, setAnchor] = useState(() =>
    localInput(editing?.anchor ? new Date(editing.anchor) : new Date()),
  );
  // The browser's list, after hydration (the server's may differ).
  const zones = useSyncExternalStore(noChanges, clientZones, () => NO_ZONES);
  const parameters = version.data?.document.parameters ?? [];

  const cronError =
    kind === "CRON"
      ? (cronProblem(cron) ?? (isTimeZone(timezone) ? null : "unknown time zone"))
      : null;
  let preview: string[] = [];
  let description = "";
  let zone = timezone;
  if (kind === "CRON" && !cronError) {
    description = describeCron(cron);
    preview = nextFireTimes({ kind, cron, timezone }, new Date()).map((d) => inZone(d, timezone));
  } else if (kind === "INTERVAL" && every >= 1 && !Number.isNaN(new Date(anchor).getTime())) {
    zone = browserZone();
    description = `Every ${every} ${unit} from ${inZone(new Date(anchor), zone)}`;
    preview = nextFireTimes(
      { kind, intervalMinutes: every * UNITS[unit], anchor: new Date(anchor) },
      new Date(),
    ).map((d) => inZone(d, zone));
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = readParameters(new FormData(event.currentTarget), parameters);
    const schedule =
      kind === "CRON"
        ? { kind, flowId, cron, timezone, parameters: values }
        : {
            kind,
            flowId,
            intervalMinutes: every * UNITS[unit],
            anchor: new Date(anchor),
            parameters: values,
          };
    if (editing) update.mutate({ scheduleId: editing.id, schedule });
    else create.mutate(schedule);
  };
  const error = create.error ?? update.error;
  const title = editing ? "Edit schedule" : "New schedule";

  return (
    <Card title={title}>
      <form onSubmit={submit} noValidate aria-label={title} className="grid gap-3 text-sm">
        <label className="grid gap-1">
          Flow
          <select
            name="flowId"
            className={inputClass}
            value={flowId}
            onChange={(e) => setFlowId(e.target.value)}
          >
            <option value="">Choose a flow</option>
            {flows.data?.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flow.name}
              </option>
            ))}
          </select>
        </label>
        <div role="radiogroup" aria-label="Kind" className="flex gap-4">
          {(["CRON", "INTERVAL"] as const).map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input
                type="radio"
                name="kind"
                checked={kind === value}
                onChange={() => setKind(value)}
              />
              {value === "CRON" ? "Cron" : "Interval"}
            </label>
          ))}
        </div>
        {kind === "CRON" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="grid gap-1">
              Cron (minute hour day month weekday)
              <input
                aria-label="Cron expression"
                className={`${inputClass} font-mono`}
                value={cron}
                onChange={(e) => setCron(e.target.value)}
              />
            </label>
            <label className="grid gap-1">
              Time zone
              <input
                aria-label="Time zone"
                list="weft-time-zones"
                autoComplete="off"
                placeholder="Type to search, e.g. Berlin"
                className={inputClass}
                value={timezone}
                onChange={(e) => setTimezone(e.target.value)}
              />
              <datalist id="weft-time-zones">
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </label>
          </div>
        ) : (
          <div className="grid gap-3 sm:grid-cols-3">
            <label className="grid gap-1">
              Every
              <input
                aria-label="Every"
                type="number"
                min={1}
                className={inputClass}
                value={every}
                onChange={(e) => setEvery(Number(e.target.value))}
              />
            </label>
            <label className="grid gap-1">
              Unit
              <select
                aria-label="Unit"
                className={inputClass}
                value={unit}
                onChange={(e) => setUnit(e.target.value as keyof typeof UNITS)}
              >
                {Object.keys(UNITS).map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            </label>
            <label className="grid gap-1">
              From
              <input
                aria-label="From"
                type="datetime-local"
                className={inputClass}
                value={anchor}
                onChange={(e) => setAnchor(e.target.value)}
              />
            </label>
          </div>
        )}
        {cronError ? (
          <p role="note" className="text-red-600">
            {cronError}
          </p>
        ) : (
          <div aria-label="Preview">
            <p className="font-medium">{description}</p>
            <p className="text-xs text-zinc-500">Next runs, in {zone}:</p>
            <ol aria-label="Next fire times" className="text-xs text-zinc-500">
              {preview.map((time) => (
                <li key={time}>{time}</li>
              ))}
            </ol>
          </div>
        )}
        {flowId && (
          <fieldset className="grid gap-2">
            <legend className="mb-1 font-medium">Parameters</legend>
            {version.data && (
              <ParameterFields
                key={`${flowId}-${version.data.number}`}
                parameters={parameters}
                values={
                  (editing?.flowId === flowId ? editing.parameters : {}) as Record<string, unknown>
                }
              />
            )}
          </fieldset>
        )}
        {error && <Alert tone="error">{error.message}</Alert>}
        <div className="flex gap-2">
          <Button type="submit" disabled={create.isPending || update.isPending}>
            {editing ? "Save schedule" : "Create schedule"}
          </Button>
          {onCancel && (
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
