import type { FieldSpec } from "./fields";

/** A block as the editor and the engine know it. Adding a block is adding one entry below. */
export interface BlockDefinition {
  id: string;
  label: string;
  category: "Integrations" | "Code" | "Logic" | "Flow control";
  description: string;
  fields: readonly FieldSpec[];
  /** Named outputs (a condition's true/false); the default is one unnamed output. */
  outputs?: readonly ("true" | "false")[];
  /** Defaults for a node dropped on the canvas. */
  defaults: Record<string, unknown>;
}

export const BLOCKS = {
  "http.request": {
    id: "http.request",
    label: "HTTP request",
    category: "Integrations",
    description: "Call an HTTP API and use its response.",
    fields: [
      {
        key: "method",
        label: "Method",
        kind: "select",
        options: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        required: true,
      },
      {
        key: "url",
        label: "URL",
        kind: "text",
        required: true,
        placeholder: "https://api.example.com/items",
      },
      { key: "headers", label: "Headers", kind: "keyvalue" },
      {
        key: "bearerSecret",
        label: "Bearer token (secret)",
        kind: "secret",
        help: "Sent as Authorization: Bearer <value>",
      },
      { key: "body", label: "Body (JSON)", kind: "json" },
    ],
    defaults: { method: "GET", url: "" },
  },
  "code.javascript": {
    id: "code.javascript",
    label: "JavaScript",
    category: "Code",
    description: "Run JavaScript in a sandbox; return a JSON value.",
    fields: [{ key: "code", label: "Code", kind: "code", language: "javascript", required: true }],
    defaults: { code: "return { ok: true };" },
  },
  "transform.jsonata": {
    id: "transform.jsonata",
    label: "Transform",
    category: "Code",
    description: "Reshape data with a JSONata expression.",
    fields: [
      { key: "expression", label: "Expression", kind: "code", language: "jsonata", required: true },
    ],
    defaults: { expression: "$" },
  },
  "logic.condition": {
    id: "logic.condition",
    label: "Condition",
    category: "Logic",
    description: "Route to the true or false branch.",
    fields: [
      {
        key: "expression",
        label: "Condition",
        kind: "text",
        required: true,
        placeholder: "{{ nodes.fetch.output.status = 200 }}",
      },
    ],
    outputs: ["true", "false"],
    defaults: { expression: "" },
  },
  "flow.delay": {
    id: "flow.delay",
    label: "Delay",
    category: "Flow control",
    description: "Wait for a duration before going on.",
    fields: [
      { key: "seconds", label: "Seconds", kind: "number", min: 1, max: 31_536_000, required: true },
    ],
    defaults: { seconds: 60 },
  },
} satisfies Record<string, BlockDefinition>;

export type BlockId = keyof typeof BLOCKS;

export const blockById = (id: string): BlockDefinition | undefined =>
  (BLOCKS as Record<string, BlockDefinition>)[id];

export const CATEGORIES = ["Integrations", "Code", "Logic", "Flow control"] as const;
