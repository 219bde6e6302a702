type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

/** The caller's address as the proxy in front of Weft reports it; "local" without one. */
export function clientIp(headers: HeaderSource): string {
  const read = (name: string) => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return read("x-forwarded-for")?.split(",")[0]?.trim() || read("x-real-ip") || "local";
}
