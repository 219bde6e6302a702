// A node's config in a few words, for the canvas: what it calls, computes or waits for.

const MAX = 40;
const firstLine = (value: unknown) =>
  String(value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith("//")) ?? "";
const clip = (text: string) => (text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text);

/** `https://api.example.com/items?x` → `api.example.com`; a templated URL shows as written. */
function host(url: unknown): string {
  const text = String(url ?? "").trim();
  try {
    return new URL(text).host || text;
  } catch {
    return text.replace(/^https?:\/\//, "").split("/")[0] ?? "";
  }
}

export function configSummary(block: string, config: Record<string, unknown>): string {
  switch (block) {
    case "http.request":
      return clip(`${String(config.method ?? "GET")} ${host(config.url)}`.trim());
    case "notify.webhook":
      return clip(`POST ${host(config.url)}`.trim());
    case "code.javascript":
      return clip(firstLine(config.code));
    case "transform.jsonata":
    case "logic.condition":
      return clip(firstLine(config.expression));
    case "flow.delay":
      return config.until
        ? clip(`until ${String(config.until)}`)
        : config.seconds !== undefined
          ? `${String(config.seconds)} s`
          : "";
    case "flow.approval":
    case "notify.slack":
      return clip(firstLine(config.message ?? config.text));
    case "flow.subflow":
      return config.forEach ? clip(`for each ${firstLine(config.forEach)}`) : "";
    case "flow.block":
      return typeof config.version === "number" ? `version ${config.version}` : "";
    case "sql.query":
      return clip(
        config.mode === "load"
          ? `load into ${String(config.table ?? "")}`
          : firstLine(config.query),
      );
    case "notify.email":
      return config.to ? clip(`to ${String(config.to)}`) : "";
    default:
      return "";
  }
}
