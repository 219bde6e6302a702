const BASE = "http://weft.invalid";

/**
 * A same-site path to go to after sign-in; anything else becomes `fallback`. Browsers drop tabs and
 * newlines from URLs and read `\` as `/`, so `/\t/evil.example` would be `//evil.example`: any
 * control character or backslash is refused, and the path must resolve to this site.
 */
export function safeRedirect(value: unknown, fallback = "/flows"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//"))
    return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  if (!URL.canParse(value, BASE)) return fallback;
  const url = new URL(value, BASE);
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
