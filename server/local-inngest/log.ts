export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export type Logger = (level: Level, message: string) => void;

/** Prints lines at or above `minimum` (the launcher prefixes them with the service name). */
export function consoleLogger(minimum: Level = "info"): Logger {
  return (level, message) => {
    if (ORDER[level] < ORDER[minimum]) return;
    const line = `${level === "info" ? "" : `${level}: `}${message}`;
    if (level === "error" || level === "warn") console.error(line);
    else console.log(line);
  };
}

export const silentLogger: Logger = () => undefined;
