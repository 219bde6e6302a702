import "server-only";
import { createHash, createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import pg from "pg";
import type { SmtpSettings, PostgresSettings } from "../blocks/connection-strings";
import { send } from "../blocks/http";
import { resolveGuarded } from "../blocks/network-guard";
import { BlockError } from "../blocks/types";

/** A connection's values, as readConnection gives them (settings and secrets together). */
export type Values = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** PostgreSQL settings of a connection, in the shape connection strings are parsed into. */
export const postgresSettings = (values: Values): PostgresSettings => ({
  host: text(values.host),
  port: Number(values.port ?? 5432),
  database: text(values.database),
  user: text(values.user),
  password: text(values.password) || undefined,
  sslMode: (text(values.sslMode) || "require") as PostgresSettings["sslMode"],
});

/** A connected node-postgres client to the checked address: only these fields reach it. */
export async function openPostgres(
  settings: PostgresSettings,
  options: { statementTimeoutMs: number },
) {
  const { address } = await resolveGuarded(settings.host, settings.port).catch((error: Error) => {
    throw new BlockError(error.message, false);
  });
  const client = new pg.Client({
    host: address,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password ?? "",
    ssl:
      settings.sslMode === "disable"
        ? false
        : { servername: settings.host, rejectUnauthorized: settings.sslMode === "verify-full" },
    statement_timeout: Math.max(1, Math.min(300_000, options.statementTimeoutMs)),
    connectionTimeoutMillis: 10_000,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new BlockError(`Could not connect to the database: ${(error as Error).message}`);
  }
  return client;
}

export const smtpSettings = (values: Values): SmtpSettings & { starttls: boolean } => ({
  host: text(values.host),
  port: Number(values.port ?? 587),
  secure: values.security === "tls",
  starttls: values.security !== "none",
  user: text(values.user) || undefined,
  password: text(values.password) || undefined,
});

/** An SMTP transport to the checked address: only these fields reach nodemailer. */
export async function smtpTransport(
  smtp: SmtpSettings & { starttls?: boolean },
  socketTimeoutMs: number,
) {
  const { address } = await resolveGuarded(smtp.host, smtp.port).catch((error: Error) => {
    throw new BlockError(error.message, false);
  });
  return nodemailer.createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.secure,
    ignoreTLS: smtp.starttls === false,
    requireTLS: smtp.starttls === true && !smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    tls: { servername: smtp.host },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: Math.max(1_000, Math.min(60_000, socketTimeoutMs)),
  });
}

/** A JSON request through the guard; the parsed body, or the text when it is not JSON. */
export async function requestJson(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) {
  const response = await send(url, init.method, init.headers, init.body, init.signal, 1024 * 1024);
  let body: unknown = response.text;
  try {
    body = response.text ? JSON.parse(response.text) : null;
  } catch {
    // Not JSON: the text is the answer.
  }
  return { status: response.status, body, text: response.text };
}

/** Posts `text` to Slack: through the incoming webhook, or as the bot to its channel. */
export async function slackPost(values: Values, message: string, signal: AbortSignal) {
  const json = { "content-type": "application/json" };
  if (values.mode === "bot") {
    const api = text(values.apiUrl) || "https://slack.com/api";
    const answer = await requestJson(new URL(`${api.replace(/\/$/, "")}/chat.postMessage`), {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${text(values.token)}` },
      body: JSON.stringify({ channel: text(values.channel), text: message }),
      signal,
    });
    const reply = answer.body as { ok?: boolean; error?: string; ts?: string } | null;
    if (!reply?.ok)
      throw new BlockError(
        `Slack refused the message: ${reply?.error ?? answer.text.slice(0, 200)}`,
        false,
      );
    return { status: answer.status, ts: reply.ts };
  }
  const answer = await requestJson(new URL(text(values.webhookUrl)), {
    method: "POST",
    headers: json,
    body: JSON.stringify({ text: message }),
    signal,
  });
  if (answer.status >= 300)
    throw new BlockError(
      `Slack answered ${answer.status}: ${answer.text.slice(0, 200)}`,
      answer.status >= 500,
    );
  return { status: answer.status };
}

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** An OAuth2 client-credentials access token, cached until a minute before it expires. */
async function oauth2Token(values: Values, signal: AbortSignal) {
  const key = createHash("sha256")
    .update(JSON.stringify([values.tokenUrl, values.clientId, values.clientSecret, values.scope]))
    .digest("hex");
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (text(values.scope)) form.set("scope", text(values.scope));
  const basic = Buffer.from(
    `${encodeURIComponent(text(values.clientId))}:${encodeURIComponent(text(values.clientSecret))}`,
  ).toString("base64");
  const answer = await requestJson(new URL(text(values.tokenUrl)), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      authorization: `Basic ${basic}`,
    },
    body: form.toString(),
    signal,
  });
  const reply = answer.body as {
    access_token?: string;
    expires_in?: number;
    error?: string;
  } | null;
  if (answer.status >= 300 || !reply?.access_token)
    throw new BlockError(
      `The token endpoint refused the client (${answer.status}): ${reply?.error ?? answer.text.slice(0, 200)}`,
      answer.status >= 500,
    );
  const seconds = Number(reply.expires_in ?? 3600);
  tokens.set(key, {
    token: reply.access_token,
    expiresAt: Date.now() + Math.max(0, seconds - 60) * 1000,
  });
  return reply.access_token;
}

/**
 * The headers an HTTP API connection adds to its requests, and the credentials in them as sent
 * (an access token, a basic pair encoded): never to be stored.
 */
export async function httpAuthHeaders(
  values: Values,
  signal: AbortSignal,
): Promise<{ headers: Record<string, string>; credentials: string[] }> {
  switch (values.auth) {
    case "bearer":
      return {
        headers: { authorization: `Bearer ${text(values.token)}` },
        credentials: [text(values.token)],
      };
    case "basic": {
      const pair = Buffer.from(`${text(values.username)}:${text(values.password)}`).toString(
        "base64",
      );
      return { headers: { authorization: `Basic ${pair}` }, credentials: [pair] };
    }
    case "apiKey":
      return {
        headers: { [text(values.headerName).toLowerCase() || "x-api-key"]: text(values.apiKey) },
        credentials: [text(values.apiKey)],
      };
    case "oauth2": {
      const token = await oauth2Token(values, signal);
      return { headers: { authorization: `Bearer ${token}` }, credentials: [token] };
    }
    default:
      return { headers: {}, credentials: [] };
  }
}

/** A URL of the API: relative to its base URL, or absolute and under it; never elsewhere. */
export function apiUrl(values: Values, target: string, field: string): URL {
  const base = new URL(text(values.baseUrl).replace(/\/?$/, "/"));
  let url: URL;
  try {
    url = new URL(target.replace(/^\//, ""), base);
  } catch {
    throw new BlockError(`${field}: "${target}" is not a URL or a path`, false);
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname))
    throw new BlockError(
      `${field}: with the connection, the URL must be a path under ${base.href} (its credentials go nowhere else)`,
      false,
    );
  return url;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) =>
  createHmac("sha256", key).update(data).digest();
const rfc3986 = (part: string) =>
  encodeURIComponent(part).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** The URL of a key (or of the bucket) of an S3 connection, path-style or virtual-hosted. */
export function s3Url(values: Values, key = "", query: Record<string, string> = {}) {
  const endpoint = new URL(text(values.endpoint));
  const bucket = text(values.bucket);
  const path = key ? `/${key.split("/").map(rfc3986).join("/")}` : "/";
  const url = values.pathStyle
    ? new URL(`${endpoint.origin}/${rfc3986(bucket)}${key ? path : ""}`)
    : new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

/** Signs an S3 request (AWS Signature Version 4): the headers to send with it. */
export function s3Sign(
  values: Values,
  method: string,
  url: URL,
  body: Buffer,
  extra: Record<string, string> = {},
  now = new Date(),
) {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const region = text(values.region) || "us-east-1";
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), v])),
    host: url.host,
    "x-amz-date": amzDate,
    "x-amz-content-sha256": sha256(body),
  };
  const names = Object.keys(headers).sort();
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [
    method,
    url.pathname,
    query,
    names.map((name) => `${name}:${headers[name]!.trim()}\n`).join(""),
    names.join(";"),
    headers["x-amz-content-sha256"],
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const signingKey = ["s3", "aws4_request"].reduce(
    (key, part) => hmac(key, part),
    hmac(hmac(`AWS4${text(values.secretAccessKey)}`, day), region),
  );
  const signature = createHmac("sha256", signingKey).update(toSign).digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${text(values.accessKeyId)}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}

/** S3's error answer as one line: its code and message. */
export function s3Error(status: number, body: string) {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return code ? `${code}${message ? `: ${message}` : ""}` : `HTTP ${status}`;
}

/** One signed S3 request through the guard. */
export async function s3Request(
  values: Values,
  init: {
    method: string;
    key?: string;
    query?: Record<string, string>;
    body?: Buffer;
    headers?: Record<string, string>;
    signal: AbortSignal;
    maxBytes?: number;
  },
) {
  const url = s3Url(values, init.key, init.query);
  const body = init.body ?? Buffer.alloc(0);
  const headers = s3Sign(values, init.method, url, body, init.headers);
  if (init.body) headers["content-length"] = String(body.length);
  return send(url, init.method, headers, init.body, init.signal, init.maxBytes ?? 10 * 1024 * 1024);
}
