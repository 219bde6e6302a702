"use client";

import type { FlowParameter } from "@/lib/flow/document";
import { inputClass } from "../ui/field";

const shown = (value: unknown) =>
  value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/**
 * A field per flow parameter, typed by its declared type (text, number, checkbox, JSON), filled
 * with `values` or the defaults. Read them back with `readParameters`.
 */
export function ParameterFields({
  parameters,
  values = {},
}: {
  parameters: readonly FlowParameter[];
  values?: Record<string, unknown>;
}) {
  if (!parameters.length)
    return <p className="text-xs text-zinc-500">This flow has no parameters.</p>;
  return (
    <>
      {parameters.map((p) => {
        const value = p.name in values ? values[p.name] : p.default;
        return (
          <label key={p.name} className="block text-sm">
            <span className="font-medium">
              {p.name}
              {p.required && " *"}
            </span>{" "}
            <span className="text-xs text-zinc-500">{p.type}</span>
            {p.type === "boolean" ? (
              <input
                name={p.name}
                type="checkbox"
                defaultChecked={value === true}
                className="ml-2"
              />
            ) : p.type === "json" ? (
              <textarea
                name={p.name}
                rows={2}
                defaultValue={shown(value)}
                className={`${inputClass} mt-1 w-full font-mono`}
              />
            ) : (
              <input
                name={p.name}
                type={p.type === "number" ? "number" : "text"}
                step="any"
                defaultValue={shown(value)}
                className={`${inputClass} mt-1 w-full`}
              />
            )}
            {p.description && <span className="block text-xs text-zinc-500">{p.description}</span>}
          </label>
        );
      })}
    </>
  );
}

/** The values of `ParameterFields` in a form, as text (the server converts them to each type). */
export const readParameters = (form: FormData, parameters: readonly FlowParameter[]) =>
  Object.fromEntries(
    parameters.map((p) => [
      p.name,
      p.type === "boolean" ? form.has(p.name) : String(form.get(p.name) ?? ""),
    ]),
  );
