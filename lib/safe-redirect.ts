/** A same-site path to go to after sign-in; anything else (other sites, `//host`) becomes `fallback`. */
export function safeRedirect(value: unknown, fallback = "/flows"): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.startsWith("/\\")
  ) {
    return fallback;
  }
  return value;
}
