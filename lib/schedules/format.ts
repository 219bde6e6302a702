/** A fire time as people in `zone` read it, the zone named: "Mon, Dec 7, 2026, 09:00 EST". */
export function inZone(date: Date, zone: string): string {
  return date.toLocaleString(undefined, {
    timeZone: zone,
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

/** Every IANA time zone this runtime knows (for a searchable picker), UTC first. */
export function timeZones(): string[] {
  const zones =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...zones.filter((zone) => zone !== "UTC")];
}
