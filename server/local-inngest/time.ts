const UNITS: Record<string, number> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** Milliseconds in an Inngest duration such as "1h30m" or "2s"; throws on anything else. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|w|d|h|m|s)/g)];
  if (!parts.length || parts.map((part) => part[0]).join("") !== text) {
    throw new Error(`"${text}" is not a duration such as "30s", "5m" or "1h30m"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit!]!, 0);
}

/** When a sleep ends: its `name` is a duration ("2s") or an ISO time (sleepUntil). */
export function wakeTime(name: string, now: number): number {
  if (/^\d{4}-\d\d-\d\dT/.test(name)) {
    const at = Date.parse(name);
    if (Number.isNaN(at)) throw new Error(`"${name}" is not a valid time`);
    return at;
  }
  return now + parseDuration(name);
}

/** Delay before retry `attempt` (1-based): 1 s, 2 s, 4 s … capped at 10 minutes, with ±20 % jitter. */
export function backoff(attempt: number): number {
  const base = Math.min(1000 * 2 ** (attempt - 1), 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** A `Retry-After` header value (seconds, or an HTTP/ISO date) as a delay from `now`. */
export function retryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
