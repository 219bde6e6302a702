"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { cronProblem, describeCron, isTimeZone, nextFireTimes } from "@/lib/schedules/timing";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { inputClass } from "../ui/field";

const UNITS = { minutes: 1, hours: 60, days: 1440 } as const;

/** Creates a schedule; shows the cron in words and the next five fire times as you type. */
export function ScheduleForm({ onCreated }: { onCreated(): void }) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flow.list.queryOptions({}));
  const create = useMutation(trpc.schedule.create.mutationOptions({ onSuccess: onCreated }));
  const [kind, setKind] = useState<"CRON" | "INTERVAL">("CRON");
  const [cron, setCron] = useState("0 9 * * 1-5");
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [every, setEvery] = useState(1);
  const [unit, setUnit] = useState<keyof typeof UNITS>("hours");
  const [anchor, setAnchor] = useState(() => new Date().toISOString().slice(0, 16));
  const [parametersText, setParametersText] = useState("{}");

  const cronError =
    kind === "CRON"
      ? (cronProblem(cron) ?? (isTimeZone(timezone) ? null : "unknown time zone"))
      : null;
  let preview: string[] = [];
  let description = "";
  if (kind === "CRON" && !cronError) {
    description = describeCron(cron);
    preview = nextFireTimes({ kind, cron, timezone }, new Date()).map((d) => d.toLocaleString());
  } else if (kind === "INTERVAL" && every >= 1 && !Number.isNaN(new Date(anchor).getTime())) {
    description = `Every ${every} ${unit} from ${new Date(anchor).toLocaleString()}`;
    preview = nextFireTimes(
      { kind, intervalMinutes: every * UNITS[unit], anchor: new Date(anchor) },
      new Date(),
    ).map((d) => d.toLocaleString());
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const flowId = String(new FormData(event.currentTarget).get("flowId") ?? "");
    let parameters: Record<string, unknown>;
    try {
      parameters = JSON.parse(parametersText || "{}") as Record<string, unknown>;
    } catch {
      parameters = { "": "invalid JSON" };
    }
    create.mutate(
      kind === "CRON"
        ? { kind, flowId, cron, timezone, parameters }
        : {
            kind,
            flowId,
            intervalMinutes: every * UNITS[unit],
            anchor: new Date(anchor),
            parameters,
          },
    );
  };

  return (
    <Card title="New schedule">
      <form onSubmit={submit} noValidate aria-label="New schedule" className="grid gap-3 text-sm">
        <label className="grid gap-1">
          Flow
          <select name="flowId" className={inputClass} defaultValue="">
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
          <div className="grid grid-cols-2 gap-3">
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
                className={inputClass}
                value={timezone}
                onChange={(e) => setTimezone(e.target.value)}
              />
            </label>
          </div>
        ) : (
          <div className="grid grid-cols-3 gap-3">
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
            <ol aria-label="Next fire times" className="text-xs text-zinc-500">
              {preview.map((time) => (
                <li key={time}>{time}</li>
              ))}
            </ol>
          </div>
        )}
        <label className="grid gap-1">
          Parameters (JSON)
          <textarea
            aria-label="Parameters"
            rows={3}
            className={`${inputClass} font-mono`}
            value={parametersText}
            onChange={(e) => setParametersText(e.target.value)}
          />
        </label>
        {create.error && <Alert tone="error">{create.error.message}</Alert>}
        <div>
          <Button type="submit" disabled={create.isPending}>
            Create schedule
          </Button>
        </div>
      </form>
    </Card>
  );
}
