// Durations, retry timing and limits exactly as Inngest's server has them (inngest/inngest:
// pkg/consts/consts.go, pkg/backoff/backoff.go, pkg/execution/driver/httpdriver/parse.go).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The limits a run lives within, as on Inngest Cloud and `inngest start`. */
export const LIMITS = {
  /** A run fails when it would store more step results than this. */
  steps: 1_000,
  stepOutputBytes: 4 * 1024 * 1024,
  stateBytes: 32 * 1024 * 1024,
  /** The furthest a sleep or a wait for an event may reach. */
  waitMs: 366 * DAY,
  /** How long one call to the app may take before it counts as failed. */
  callMs: 2 * HOUR,
  retryAfterMinMs: SECOND,
  retryAfterMaxMs: 24 * HOUR,
} as const;

/** Delay before retrying after failed attempt `attempt` (0-based), as Inngest's `TableBackoff`. */
const BACKOFF_TABLE = [
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  20 * MINUTE,
  40 * MINUTE,
  HOUR,
  2 * HOUR,
];

export function backoff(attempt: number, random = Math.random): number {
  const base = BACKOFF_TABLE[Math.min(Math.max(attempt, 0), BACKOFF_TABLE.length - 1)]!;
  return base + Math.floor(random() * 30 * SECOND);
}

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
  w: 7 * DAY,
};

/** Milliseconds in a Go-style duration such as "1h30m", "1.5s" or "2d"; throws on anything else. */
export function parseDuration(text: string): number {
  if (text === "0") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g)];
  if (!parts.length || parts.map((part) => part[0]).join("") !== text) {
    throw new Error(`"${text}" is not a duration such as "30s", "5m" or "1h30m"`);
  }
  return Math.round(
    parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit!]!, 0),
  );
}

/**
 * When a sleep ends: its duration ("2s", "" for none) or an ISO time (sleepUntil; a past time wakes
 * at once). Throws, naming the value, when it cannot be read or reaches beyond the limit.
 */
export function wakeTime(value: string, now: number): number {
  let at = now;
  if (value.length >= 10 && /^\d{4}-\d\d-\d\d/.test(value)) {
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) throw new Error(`"${value}" is not a valid time`);
    at = Math.max(now, parsed);
  } else if (value !== "") at = now + parseDuration(value);
  if (at - now > LIMITS.waitMs)
    throw new Error(
      `"${value}" is more than 366 days away; sleeps and waits may last at most that`,
    );
  return at;
}

/** A `Retry-After` value (seconds, or a date) as a delay from `now`, clamped to 1 s – 24 h. */
export function retryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  let delay: number;
  if (value.length <= 7 && /^\d+$/.test(value) && Number(value) > 0) delay = Number(value) * SECOND;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    delay = at - now;
  }
  return Math.min(Math.max(delay, LIMITS.retryAfterMinMs), LIMITS.retryAfterMaxMs);
}
