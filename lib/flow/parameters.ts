import type { FlowParameter } from "./document";

export type ParameterResult =
  { ok: true; values: Record<string, unknown> } | { ok: false; field: string; message: string };

/**
 * A run's parameter values from what a caller sent: defaults fill gaps, text is converted to the
 * declared type (forms send text), unknown names and missing required values are refused.
 */
export function resolveParameters(
  declared: readonly FlowParameter[],
  given: Record<string, unknown>,
): ParameterResult {
  const known = new Set(declared.map((parameter) => parameter.name));
  const unknown = Object.keys(given).find((name) => !known.has(name));
  if (unknown)
    return {
      ok: false,
      field: `parameters.${unknown}`,
      message: `The flow has no parameter "${unknown}"`,
    };
  const values: Record<string, unknown> = {};
  for (const parameter of declared) {
    const field = `parameters.${parameter.name}`;
    let value = given[parameter.name];
    if (value === undefined || value === "") value = parameter.default;
    if (value === undefined || value === null) {
      if (parameter.required) return { ok: false, field, message: `${parameter.name} is required` };
      continue;
    }
    const converted = convert(parameter.type, value);
    if (converted === INVALID)
      return {
        ok: false,
        field,
        message: `${parameter.name} must be a ${parameter.type === "json" ? "JSON value" : parameter.type}`,
      };
    values[parameter.name] = converted;
  }
  return { ok: true, values };
}

const INVALID = Symbol("invalid");

function convert(type: FlowParameter["type"], value: unknown): unknown {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : INVALID;
    case "number": {
      const number = typeof value === "string" && value.trim() ? Number(value) : value;
      return typeof number === "number" && Number.isFinite(number) ? number : INVALID;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      return value === "true" ? true : value === "false" ? false : INVALID;
    case "json":
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return INVALID;
      }
  }
}
