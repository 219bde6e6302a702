"use client";

import type { ReactElement } from "react";
import type { DayRow } from "@/server/dashboards/stats";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type Day = DayRow;

const COLOURS = {
  completed: "#10b981",
  failed: "#ef4444",
  cancelled: "#a1a1aa",
  other: "#0ea5e9",
  p50: "#6366f1",
  p95: "#f59e0b",
};

/** "11-23" from "2026-11-23": days on the axis without the year. */
const shortDay = (day: string) => day.slice(5);

function ChartFigure({ title, children }: { title: string; children: ReactElement }) {
  return (
    <figure
      aria-label={title}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

const axes = (unit?: string, decimals = false) => [
  <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
  <XAxis key="x" dataKey="day" tickFormatter={shortDay} fontSize={11} />,
  <YAxis key="y" fontSize={11} unit={unit} allowDecimals={decimals} width={44} />,
  <Tooltip key="tip" />,
  <Legend key="legend" />,
];

/** Runs started per day, stacked by how they ended. */
export function RunsPerDayChart({ days }: { days: Day[] }) {
  return (
    <ChartFigure title="Runs per day">
      <BarChart data={days}>
        {axes()}
        {(["completed", "failed", "cancelled", "other"] as const).map((key) => (
          <Bar
            key={key}
            dataKey={key}
            name={key === "other" ? "running / queued" : key}
            stackId="runs"
            fill={COLOURS[key]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

/** Completed of completed + failed, per day (no point on days without such runs). */
export function SuccessRateChart({ days }: { days: Day[] }) {
  const data = days.map((day) => {
    const decided = day.completed + day.failed;
    return { day: day.day, rate: decided ? Math.round((day.completed / decided) * 100) : null };
  });
  return (
    <ChartFigure title="Success rate">
      <LineChart data={data}>
        {axes("%")}
        <Line
          dataKey="rate"
          name="success rate"
          stroke={COLOURS.completed}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
}

/** Median and 95th percentile run duration per day, in seconds. */
export function DurationChart({ days }: { days: Day[] }) {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
  const data = days.map((day) => ({ day: day.day, p50: round(day.p50), p95: round(day.p95) }));
  return (
    <ChartFigure title="Duration (p50 / p95)">
      <LineChart data={data}>
        {axes(" s", true)}
        <Line
          dataKey="p50"
          name="p50"
          stroke={COLOURS.p50}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="p95"
          name="p95"
          stroke={COLOURS.p95}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
}
