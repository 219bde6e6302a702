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
  /** At least one of these fields must be set (e.g. a delay's seconds or its end time). */
  oneOf?: readonly string[];
  /** Not in the palette's list of blocks (team blocks have a section of their own). */
  hidden?: boolean;
}

export const BLOCKS = {
  "http.request": {
    id: "http.request",
    label: "HTTP request",
    category: "Integrations",
    description: "Call an HTTP API and use its response.",
    fields: [
      {
        key: "connectionId",
        label: "API",
        kind: "connection",
        connectionType: "http",
        help: "Optional: the URL is then a path under its base URL, and it signs in",
      },
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
      { key: "query", label: "Query parameters", kind: "keyvalue" },
      { key: "headers", label: "Headers", kind: "keyvalue" },
      {
        key: "bearerSecret",
        label: "Bearer token (secret)",
        kind: "secret",
        help: "Sent as Authorization: Bearer <value>",
      },
      { key: "basicUser", label: "Basic auth user", kind: "text" },
      { key: "basicPasswordSecret", label: "Basic auth password (secret)", kind: "secret" },
      {
        key: "bodyType",
        label: "Body type",
        kind: "select",
        options: ["json", "text", "form", "none"],
      },
      { key: "body", label: "Body", kind: "json", help: "JSON; an object of fields for a form" },
      { key: "timeoutSeconds", label: "Timeout (seconds)", kind: "number", min: 1, max: 300 },
      {
        key: "expectedStatus",
        label: "Expected status",
        kind: "text",
        placeholder: "200-299",
        help: "Codes or ranges, e.g. 200-299, 404; others fail the node",
      },
      {
        key: "responseType",
        label: "Parse response as",
        kind: "select",
        options: ["auto", "json", "text"],
      },
      {
        key: "maxResponseKb",
        label: "Response size limit (KB)",
        kind: "number",
        min: 1,
        max: 102_400,
      },
    ],
    defaults: { method: "GET", url: "" },
  },
  "code.javascript": {
    id: "code.javascript",
    label: "Code",
    category: "Code",
    description: "Run TypeScript or JavaScript in a sandbox; return a JSON value.",
    fields: [
      // Without a language (flows from before TypeScript), code is JavaScript.
      { key: "language", label: "Language", kind: "select", options: ["typescript", "javascript"] },
      { key: "code", label: "Code", kind: "code", language: "javascript", required: true },
    ],
    defaults: { language: "typescript", code: "return { ok: true };" },
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
        raw: true,
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
    description: "Wait for a duration or until a time (durable: survives restarts).",
    fields: [
      { key: "seconds", label: "Seconds", kind: "number", min: 0, max: 31_536_000 },
      {
        key: "until",
        label: "Or until",
        kind: "text",
        placeholder: "2026-12-01T09:00:00Z",
        help: "A date and time (ISO 8601); overrides the seconds",
      },
    ],
    defaults: { seconds: 60 },
    oneOf: ["seconds", "until"],
  },
  "flow.approval": {
    id: "flow.approval",
    label: "Wait for approval",
    category: "Flow control",
    description: "Pause until a person approves (true) or rejects (false), or the wait times out.",
    fields: [
      { key: "message", label: "Message to the approver", kind: "text", multiline: true },
      {
        key: "timeoutSeconds",
        label: "Time out after (seconds)",
        kind: "number",
        min: 1,
        max: 31_536_000,
      },
      {
        key: "onTimeout",
        label: "When it times out",
        kind: "select",
        options: ["reject", "approve", "fail"],
      },
    ],
    outputs: ["true", "false"],
    defaults: { message: "", timeoutSeconds: 86_400, onTimeout: "reject" },
  },
  "flow.block": {
    id: "flow.block",
    label: "Team block",
    category: "Flow control",
    description: "A flow of the team published as a block: runs its pinned version as a subflow.",
    hidden: true,
    fields: [
      { key: "flowId", label: "Published flow", kind: "flow", required: true },
      { key: "version", label: "Version", kind: "number", min: 1 },
      {
        key: "parameters",
        label: "Parameters",
        kind: "json",
        help: "The block's inputs, by parameter name",
      },
      { key: "resultNodeId", label: "Result node", kind: "text" },
    ],
    defaults: { flowId: "", parameters: {} },
  },
  "flow.subflow": {
    id: "flow.subflow",
    label: "Subflow",
    category: "Flow control",
    description: "Run another flow of the team and use its results; optionally once per item.",
    fields: [
      { key: "flowId", label: "Flow", kind: "flow", required: true },
      {
        key: "parameters",
        label: "Parameters",
        kind: "json",
        help: "An object of the flow's parameters",
      },
      {
        key: "forEach",
        label: "For each item of",
        kind: "text",
        placeholder: "{{ nodes.fetch.output.body.items }}",
        help: "A list: one run per item, the item passed as the parameter below",
      },
      { key: "itemParameter", label: "Item parameter", kind: "text", placeholder: "item" },
      { key: "concurrency", label: "Runs at a time", kind: "number", min: 1, max: 50 },
    ],
    defaults: { flowId: "", parameters: {}, concurrency: 4 },
  },
  "sql.query": {
    id: "sql.query",
    label: "SQL query",
    category: "Integrations",
    description: "Query PostgreSQL with bound parameters, or load rows into a table in batches.",
    fields: [
      { key: "connectionId", label: "Database", kind: "connection", connectionType: "postgres" },
      {
        key: "connectionSecret",
        label: "Or a connection string (secret)",
        kind: "secret",
        help: "postgresql://user:password@host:5432/db: older flows; a connection is simpler",
      },
      { key: "mode", label: "Mode", kind: "select", options: ["query", "load"] },
      {
        key: "query",
        label: "Query",
        kind: "code",
        language: "sql",
        help: "Use $1, $2, … for parameters",
      },
      { key: "params", label: "Parameters", kind: "json", help: "A list of values for $1, $2, …" },
      { key: "table", label: "Load into table", kind: "text", placeholder: "public.orders" },
      {
        key: "rows",
        label: "Rows to load",
        kind: "text",
        placeholder: "{{ nodes.fetch.output.body }}",
      },
      { key: "batchSize", label: "Batch size", kind: "number", min: 1, max: 5000 },
    ],
    oneOf: ["connectionId", "connectionSecret"],
    defaults: { mode: "query", query: "SELECT 1 AS one", params: [] },
  },
  "storage.s3": {
    id: "storage.s3",
    label: "Object storage",
    category: "Integrations",
    description: "Put, get, list or delete objects in an S3-compatible bucket.",
    fields: [
      {
        key: "connectionId",
        label: "Storage",
        kind: "connection",
        connectionType: "s3",
        required: true,
      },
      {
        key: "operation",
        label: "Operation",
        kind: "select",
        options: ["put", "get", "list", "delete"],
        required: true,
      },
      { key: "key", label: "Key", kind: "text", placeholder: "reports/{{ run.id }}.json" },
      {
        key: "content",
        label: "Content (put)",
        kind: "text",
        multiline: true,
        placeholder: "{{ nodes.fetch.output.body }}",
      },
      {
        key: "encoding",
        label: "Content is",
        kind: "select",
        options: ["text", "json", "base64"],
        help: "How put reads the content and get returns it",
      },
      { key: "prefix", label: "Prefix (list)", kind: "text", placeholder: "reports/" },
      { key: "maxKb", label: "Largest object to get (KB)", kind: "number", min: 1, max: 10240 },
    ],
    defaults: { operation: "get", key: "", encoding: "text" },
  },
  "notify.webhook": {
    id: "notify.webhook",
    label: "Send webhook",
    category: "Integrations",
    description: "POST a JSON message to a URL.",
    fields: [
      {
        key: "url",
        label: "URL",
        kind: "text",
        required: true,
        placeholder: "https://hooks.example.com/weft",
      },
      { key: "headers", label: "Headers", kind: "keyvalue" },
      { key: "body", label: "Body (JSON)", kind: "json" },
    ],
    defaults: { url: "", body: { text: "Flow finished" } },
  },
  "notify.slack": {
    id: "notify.slack",
    label: "Slack message",
    category: "Integrations",
    description: "Post to a Slack channel through an incoming webhook.",
    fields: [
      { key: "connectionId", label: "Slack", kind: "connection", connectionType: "slack" },
      {
        key: "webhookSecret",
        label: "Or an incoming-webhook URL (secret)",
        kind: "secret",
      },
      { key: "text", label: "Message", kind: "text", multiline: true, required: true },
    ],
    oneOf: ["connectionId", "webhookSecret"],
    defaults: { text: "" },
  },
  "notify.email": {
    id: "notify.email",
    label: "Email",
    category: "Integrations",
    description: "Send an email over SMTP.",
    fields: [
      { key: "connectionId", label: "Mail server", kind: "connection", connectionType: "smtp" },
      {
        key: "smtpSecret",
        label: "Or an SMTP URL (secret)",
        kind: "secret",
        help: "smtps://user:password@smtp.example.com:465",
      },
      {
        key: "from",
        label: "From",
        kind: "text",
        help: "Empty: the connection's default sender",
      },
      { key: "to", label: "To", kind: "text", required: true },
      { key: "subject", label: "Subject", kind: "text", required: true },
      { key: "text", label: "Message", kind: "text", multiline: true },
    ],
    oneOf: ["connectionId", "smtpSecret"],
    defaults: { from: "", to: "", subject: "" },
  },
} satisfies Record<string, BlockDefinition>;

export type BlockId = keyof typeof BLOCKS;

export const blockById = (id: string): BlockDefinition | undefined =>
  (BLOCKS as Record<string, BlockDefinition>)[id];

export const CATEGORIES = ["Integrations", "Code", "Logic", "Flow control"] as const;

/** Blocks whose label, id or description holds the search text (all for an empty search). */
export function searchBlocks(search: string): BlockDefinition[] {
  const term = search.trim().toLowerCase();
  return (Object.values(BLOCKS) as BlockDefinition[]).filter(
    (block) =>
      !block.hidden &&
      (!term ||
        block.label.toLowerCase().includes(term) ||
        block.id.includes(term) ||
        block.description.toLowerCase().includes(term)),
  );
}
