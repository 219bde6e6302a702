import type { LogLevel } from "../blocks/types";
import type { LogLine } from "./state";

/** What one node attempt may keep of its log; the rest is dropped with a visible marker. */
export const LOG_LIMITS = { bytes: 1024 * 1024, lines: 10_000 };

export const truncationNotice = (dropped: number) =>
  `Log truncated: a node keeps at most 1 MB and 10,000 lines of log; ${dropped} more line(s) were dropped`;

/** Collects a node's log lines up to LOG_LIMITS. */
export function logBuffer(limits = LOG_LIMITS) {
  const lines: LogLine[] = [];
  let bytes = 0;
  let dropped = 0;
  return {
    log(level: LogLevel, message: string) {
      if (dropped || lines.length >= limits.lines - 1) {
        dropped++;
        return;
      }
      const size = Buffer.byteLength(message);
      if (bytes + size > limits.bytes) {
        const room = Math.max(0, limits.bytes - bytes);
        lines.push({
          level,
          message: `${Buffer.from(message).subarray(0, room).toString("utf8")}…`,
          time: new Date().toISOString(),
        });
        bytes = limits.bytes;
        dropped++;
        return;
      }
      bytes += size;
      lines.push({ level, message, time: new Date().toISOString() });
    },
    /** The kept lines, ending with a notice when any were dropped. */
    lines(): LogLine[] {
      if (!dropped) return lines;
      return [
        ...lines,
        { level: "warn", message: truncationNotice(dropped), time: new Date().toISOString() },
      ];
    },
  };
}
