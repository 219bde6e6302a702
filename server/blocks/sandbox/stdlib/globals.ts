/**
 * What the sandbox's global scope gets besides the language: `console`, `require` for the
 * standard library, randomness from the host (`Math.random`, `crypto.getRandomValues`,
 * `crypto.randomUUID`) and `Intl.DateTimeFormat` reduced to UTC offsets (QuickJS has no Intl;
 * @date-fns/tz asks it for offsets only). Runs once per worker, before the snapshot.
 */
import { importRefusal } from "@/lib/code/stdlib";
import { randomUUID } from "./crypto";
import type { Host } from "./host";

const text = (value: unknown) => {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function offsetText(minutes: number) {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(Math.floor(n)).padStart(2, "0");
  return `GMT${sign}${pad(abs / 60)}:${pad(abs % 60)}`;
}

/** Formats a date as its zone's UTC offset ("GMT+01:00"), whatever else is asked. */
class OffsetFormat {
  private zone: string;
  constructor(_locale?: string, options: { timeZone?: string } = {}) {
    this.zone = options.timeZone ?? "UTC";
    this.format = this.format.bind(this);
  }
  format(date?: Date | number) {
    return offsetText(host.zoneOffset(this.zone, Number(date ?? Date.now())));
  }
  resolvedOptions() {
    return { timeZone: this.zone, locale: "en-US" };
  }
}

const host = globalThis.__weftHost as Host;

export function installGlobals(modules: Record<string, unknown>) {
  const g = globalThis as Record<string, unknown>;
  const console: Record<string, (...args: unknown[]) => void> = {};
  for (const level of ["log", "info", "warn", "error", "debug"])
    console[level] = (...args) => host.log(level, args.map(text).join(" "));
  g.console = console;
  Math.random = () => host.random();
  g.crypto = {
    getRandomValues<T extends ArrayBufferView>(array: T): T {
      const bytes = new Uint8Array(host.randomBytes(array.byteLength));
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
      return array;
    },
    randomUUID,
  };
  g.Intl = { DateTimeFormat: OffsetFormat };
  g.require = (name: string) => {
    if (!Object.prototype.hasOwnProperty.call(modules, name)) throw new Error(importRefusal(name));
    return modules[name];
  };
}
