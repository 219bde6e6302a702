import { Cron } from "croner";
import cronstrue from "cronstrue";

/** A schedule's timing, as stored. */
export type Timing =
  | { kind: "CRON"; cron: string; timezone: string }
  | { kind: "INTERVAL"; intervalMinutes: number; anchor: Date };

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression is refused (5 fields: minute hour day-of-month month day-of-week), or null. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    return `needs 5 fields (minute hour day month weekday), not ${fields.length}`;
  try {
    new Cron(cron.trim(), { paused: true });
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

/** "At 02:30 AM, Monday through Friday" for a valid cron expression. */
export function describeCron(cron: string): string {
  return cronstrue.toString(cron.trim(), { use24HourTimeFormat: true, verbose: false });
}

/** The next `count` fire times after `from`. */
export function nextFireTimes(timing: Timing, from: Date, count = 5): Date[] {
  if (timing.kind === "CRON")
    return new Cron(timing.cron.trim(), { timezone: timing.timezone, paused: true }).nextRuns(
      count,
      from,
    );
  const step = timing.intervalMinutes * 60_000;
  const anchor = timing.anchor.getTime();
  const first =
    from.getTime() < anchor
      ? anchor
      : anchor + (Math.floor((from.getTime() - anchor) / step) + 1) * step;
  return Array.from({ length: count }, (_, i) => new Date(first + i * step));
}

/**
 * The latest slot in (after, now], and how many earlier slots in that range it stands for (they
 * were missed, e.g. while Weft was down, and are not run). Null when no slot is due.
 */
export function dueSlot(
  timing: Timing,
  after: Date,
  now: Date,
): { slot: Date; missed: number } | null {
  if (timing.kind === "INTERVAL") {
    const step = timing.intervalMinutes * 60_000;
    const anchor = timing.anchor.getTime();
    if (now.getTime() < anchor) return null;
    const latest = anchor + Math.floor((now.getTime() - anchor) / step) * step;
    if (latest <= after.getTime()) return null;
    const firstAfter =
      after.getTime() < anchor
        ? anchor
        : anchor + (Math.floor((after.getTime() - anchor) / step) + 1) * step;
    return { slot: new Date(latest), missed: Math.round((latest - firstAfter) / step) };
  }
  const cron = new Cron(timing.cron.trim(), { timezone: timing.timezone, paused: true });
  let slot: Date | null = null;
  let count = 0;
  for (
    let next = cron.nextRun(after);
    next && next <= now && count < 100_000;
    next = cron.nextRun(next)
  ) {
    slot = next;
    count += 1;
  }
  return slot ? { slot, missed: count - 1 } : null;
}
