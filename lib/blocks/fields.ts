import { z } from "zod";
import type { ConnectionTypeId } from "../connections/types";

/** One input of a block's config form. The form and the config schema are both made from these. */
export type FieldSpec = {
  key: string;
  label: string;
  required?: boolean;
  help?: string;
  /**
   * The block reads this field's expressions itself, with values bound as data; the engine never
   * pastes `{{ }}` results into it. Code fields always are.
   */
  raw?: boolean;
} & (
  | { kind: "text"; placeholder?: string; multiline?: boolean }
  | { kind: "code"; language: "javascript" | "jsonata" | "sql" }
  | { kind: "number"; min?: number; max?: number }
  | { kind: "select"; options: readonly string[] }
  | { kind: "switch" }
  | { kind: "json" }
  | { kind: "keyvalue" }
  | { kind: "secret" }
  | { kind: "flow" }
  | { kind: "connection"; connectionType: ConnectionTypeId }
);

/** Whether the engine leaves `{{ }}` in this field alone (code and expressions: values are data). */
export const isRawField = (field: FieldSpec) => field.kind === "code" || field.raw === true;

const EXPRESSION = /^\s*\{\{[\s\S]*\}\}\s*$/;

/** A field's value schema: strings may hold {{ expressions }} anywhere, other kinds may be one. */
function valueSchema(field: FieldSpec): z.ZodType {
  const expression = z.string().regex(EXPRESSION, "must be a value or one {{ expression }}");
  switch (field.kind) {
    case "text":
    case "code":
      return field.required ? z.string().trim().min(1, "required") : z.string();
    case "number": {
      let number = z.number();
      if (field.min !== undefined) number = number.min(field.min);
      if (field.max !== undefined) number = number.max(field.max);
      return z.union([number, expression]);
    }
    case "select":
      return z.enum(
        field.options as [string, ...string[]],
        `must be one of ${field.options.join(", ")}`,
      );
    case "switch":
      return z.union([z.boolean(), expression]);
    case "json":
      return z.unknown();
    case "keyvalue":
      return z.array(z.object({ key: z.string(), value: z.string() }));
    case "flow":
      return field.required ? z.string().min(1, "choose a flow") : z.string();
    case "connection":
      return field.required
        ? z.string().min(1, "choose a connection")
        : z.string("must be a connection's id");
    case "secret":
      return z.string().regex(/^([A-Z][A-Z0-9_]{0,63})?$/, "must be the name of a secret");
  }
}

const schemas = new WeakMap<readonly FieldSpec[], ReturnType<typeof buildConfigSchema>>();
const strictSchemas = new WeakMap<readonly FieldSpec[], ReturnType<typeof buildConfigSchema>>();

/**
 * The config schema of a block, from its fields: required fields must be present and non-empty.
 * Built once per block (building zod schemas is far slower than using them). The strict one (for
 * saving) also refuses keys the block does not have; the engine reads configs with the lenient one.
 */
export function configSchema(fields: readonly FieldSpec[], strict = false) {
  const cache = strict ? strictSchemas : schemas;
  let schema = cache.get(fields);
  if (!schema) cache.set(fields, (schema = buildConfigSchema(fields, strict)));
  return schema;
}

function buildConfigSchema(fields: readonly FieldSpec[], strict: boolean) {
  const shape = Object.fromEntries(
    fields.map((field) => {
      const schema = valueSchema(field);
      return [field.key, field.required ? schema : schema.optional()];
    }),
  );
  return strict ? z.object(shape).strict() : z.object(shape).passthrough();
}
