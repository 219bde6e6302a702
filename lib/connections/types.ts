import { z } from "zod";

/** One field of a connection's form; `secret` fields are encrypted and never shown again. */
export type ConnectionField = {
  key: string;
  label: string;
  required?: boolean;
  help?: string;
  placeholder?: string;
  /** Shown only when another field has one of these values (e.g. auth = bearer). */
  when?: { key: string; values: readonly string[] };
} & (
  | { kind: "text" }
  | { kind: "number"; min: number; max: number }
  | { kind: "select"; options: readonly string[] }
  | { kind: "switch" }
  | { kind: "secret" }
);

export interface ConnectionType {
  label: string;
  description: string;
  fields: readonly ConnectionField[];
  defaults: Record<string, unknown>;
}

const HOST = { key: "host", label: "Host", kind: "text", required: true } as const;
const port = (value: number) =>
  ({
    key: "port",
    label: "Port",
    kind: "number",
    min: 1,
    max: 65535,
    placeholder: String(value),
  }) as const;
const HTTP_AUTH = ["none", "bearer", "basic", "apiKey", "oauth2"] as const;
const auth = (...values: (typeof HTTP_AUTH)[number][]) => ({ key: "auth", values });

export const CONNECTION_TYPES = {
  postgres: {
    label: "PostgreSQL",
    description: "A PostgreSQL database, for SQL query blocks.",
    fields: [
      HOST,
      port(5432),
      { key: "database", label: "Database", kind: "text", required: true },
      { key: "user", label: "User", kind: "text", required: true },
      { key: "password", label: "Password", kind: "secret" },
      {
        key: "sslMode",
        label: "SSL mode",
        kind: "select",
        options: ["disable", "require", "verify-full"],
      },
    ],
    defaults: { port: 5432, sslMode: "require" },
  },
  smtp: {
    label: "SMTP",
    description: "A mail server, for email blocks.",
    fields: [
      HOST,
      port(587),
      {
        key: "security",
        label: "Security",
        kind: "select",
        options: ["starttls", "tls", "none"],
        help: "starttls on 587, tls on 465; none only for a server on your network",
      },
      { key: "user", label: "User", kind: "text" },
      { key: "password", label: "Password", kind: "secret" },
      {
        key: "from",
        label: "Default sender",
        kind: "text",
        placeholder: "Weft <weft@example.com>",
      },
    ],
    defaults: { port: 587, security: "starttls" },
  },
  slack: {
    label: "Slack",
    description: "A Slack workspace: an incoming webhook, or a bot token and a channel.",
    fields: [
      { key: "mode", label: "Send with", kind: "select", options: ["webhook", "bot"] },
      {
        key: "webhookUrl",
        label: "Incoming-webhook URL",
        kind: "secret",
        when: { key: "mode", values: ["webhook"] },
      },
      { key: "token", label: "Bot token", kind: "secret", when: { key: "mode", values: ["bot"] } },
      {
        key: "channel",
        label: "Channel",
        kind: "text",
        placeholder: "#alerts",
        when: { key: "mode", values: ["bot"] },
      },
      {
        key: "apiUrl",
        label: "API URL",
        kind: "text",
        placeholder: "https://slack.com/api",
        help: "Only for a Slack-compatible server",
        when: { key: "mode", values: ["bot"] },
      },
    ],
    defaults: { mode: "webhook" },
  },
  http: {
    label: "HTTP API",
    description: "An API: a base URL and how to authenticate, for HTTP request blocks.",
    fields: [
      {
        key: "baseUrl",
        label: "Base URL",
        kind: "text",
        required: true,
        placeholder: "https://api.example.com/v1",
      },
      { key: "auth", label: "Authentication", kind: "select", options: HTTP_AUTH },
      { key: "token", label: "Bearer token", kind: "secret", when: auth("bearer") },
      { key: "username", label: "User", kind: "text", when: auth("basic") },
      { key: "password", label: "Password", kind: "secret", when: auth("basic") },
      {
        key: "headerName",
        label: "Header name",
        kind: "text",
        placeholder: "X-API-Key",
        when: auth("apiKey"),
      },
      { key: "apiKey", label: "API key", kind: "secret", when: auth("apiKey") },
      {
        key: "tokenUrl",
        label: "Token URL",
        kind: "text",
        placeholder: "https://auth.example.com/oauth/token",
        when: auth("oauth2"),
      },
      { key: "clientId", label: "Client ID", kind: "text", when: auth("oauth2") },
      { key: "clientSecret", label: "Client secret", kind: "secret", when: auth("oauth2") },
      { key: "scope", label: "Scope", kind: "text", when: auth("oauth2") },
    ],
    defaults: { auth: "none" },
  },
  s3: {
    label: "S3-compatible storage",
    description: "A bucket on S3, MinIO, R2 or any S3-compatible service, for storage blocks.",
    fields: [
      {
        key: "endpoint",
        label: "Endpoint",
        kind: "text",
        placeholder: "https://s3.eu-west-1.amazonaws.com",
        required: true,
      },
      { key: "region", label: "Region", kind: "text", placeholder: "us-east-1" },
      { key: "bucket", label: "Bucket", kind: "text", required: true },
      { key: "accessKeyId", label: "Access key ID", kind: "text", required: true },
      { key: "secretAccessKey", label: "Secret access key", kind: "secret", required: true },
      {
        key: "pathStyle",
        label: "Path-style URLs",
        kind: "switch",
        help: "On for MinIO and most self-hosted services",
      },
    ],
    defaults: { region: "us-east-1", pathStyle: false },
  },
} as const satisfies Record<string, ConnectionType>;

export type ConnectionTypeId = keyof typeof CONNECTION_TYPES;
export const CONNECTION_TYPE_IDS = Object.keys(CONNECTION_TYPES) as ConnectionTypeId[];

export const isConnectionType = (type: string): type is ConnectionTypeId =>
  Object.hasOwn(CONNECTION_TYPES, type);

/** Whether a field applies given the other values (its `when`). */
export const fieldShown = (field: ConnectionField, values: Record<string, unknown>) =>
  !field.when || field.when.values.includes(String(values[field.when.key] ?? ""));

const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^\[?[0-9A-Fa-f:.]+\]?$/;

function httpUrl(value: string) {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password
    );
  } catch {
    return false;
  }
}

/** The check of one field's value: a clear message naming it, nothing else accepted. */
function fieldSchema(field: ConnectionField, type: ConnectionTypeId): z.ZodType {
  switch (field.kind) {
    case "number":
      return z
        .number(`${field.label} must be a number`)
        .int(`${field.label} must be a whole number`)
        .min(field.min, `${field.label} must be at least ${field.min}`)
        .max(field.max, `${field.label} must be at most ${field.max}`);
    case "select":
      return z.enum(
        field.options as unknown as [string, ...string[]],
        `${field.label} must be one of ${field.options.join(", ")}`,
      );
    case "switch":
      return z.boolean(`${field.label} must be true or false`);
    case "secret":
      return z.string(`${field.label} must be text`).max(8_192, `${field.label} is too long`);
    case "text": {
      const text = z
        .string(`${field.label} must be text`)
        .trim()
        .max(2_048, `${field.label} is too long`);
      if (field.key === "host")
        return text.regex(HOSTNAME, `${field.label} must be a host name or an IP address`);
      if (
        ["baseUrl", "tokenUrl", "endpoint", "apiUrl"].includes(field.key) ||
        (type === "slack" && field.key === "webhookUrl")
      )
        return text.refine(
          (v) => !v || httpUrl(v),
          `${field.label} must be an http(s) URL without a user or password`,
        );
      if (field.key === "headerName")
        return text.regex(/^([A-Za-z0-9-]{1,100})?$/, `${field.label} must be a header name`);
      return text;
    }
  }
}

/**
 * A connection's values checked against its type: each known field's value, required ones
 * filled (secrets may be kept from before: `keptSecrets`), unknown keys refused. Returns the
 * plain settings and the secret values apart.
 */
export function parseConnectionValues(
  type: ConnectionTypeId,
  values: Record<string, unknown>,
  keptSecrets: ReadonlySet<string> = new Set(),
): { settings: Record<string, unknown>; secrets: Record<string, string> } {
  const spec: ConnectionType = CONNECTION_TYPES[type];
  const unknown = Object.keys(values).find((key) => !spec.fields.some((f) => f.key === key));
  if (unknown)
    throw new ConnectionValueError(`values.${unknown}`, `${spec.label} has no field "${unknown}"`);
  const merged = { ...spec.defaults, ...values };
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = merged[field.key];
    const empty = value === undefined || value === null || value === "";
    if (empty || !fieldShown(field, merged)) {
      const needed = field.required || (field.kind === "secret" && field.when);
      if (needed && fieldShown(field, merged) && !keptSecrets.has(field.key))
        throw new ConnectionValueError(`values.${field.key}`, `${field.label} is required`);
      continue;
    }
    const parsed = fieldSchema(field, type).safeParse(value);
    if (!parsed.success)
      throw new ConnectionValueError(`values.${field.key}`, parsed.error.issues[0]!.message);
    if (field.kind === "secret") secrets[field.key] = parsed.data as string;
    else settings[field.key] = parsed.data;
  }
  return { settings, secrets };
}

export class ConnectionValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const connectionNameSchema = z
  .string("name must be text")
  .trim()
  .min(1, "name is required")
  .max(100, "name must be at most 100 characters");
