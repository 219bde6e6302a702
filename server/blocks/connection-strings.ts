import "server-only";
import { BlockError } from "./types";

/**
 * Connection strings that users keep in secrets, parsed into allow-listed fields. A library never
 * sees the string itself: nodemailer and pg both turn a URL's query into options (nodemailer's
 * `sendmail=true&path=…` spawns a program, pg's `sslrootcert=…` reads a file, `host=/path` opens a
 * socket), so only the fields below ever reach them.
 */

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;

function parseUrl(text: string, field: string, example: string): URL {
  if (!URL.canParse(text))
    throw new BlockError(`${field}: the secret is not a URL like ${example}`, false);
  return new URL(text);
}

function hostOf(url: URL, field: string): string {
  const host = url.hostname;
  if (!HOSTNAME.test(host) && !IPV6_LITERAL.test(host))
    throw new BlockError(`${field}: "${host}" is not a host name or IP address`, false);
  return host.replace(/^\[|\]$/g, "");
}

function portOf(url: URL, fallback: number): number {
  return url.port ? Number(url.port) : fallback;
}

function refuseOptions(url: URL, field: string, allowed: string[]) {
  for (const key of url.searchParams.keys())
    if (!allowed.includes(key))
      throw new BlockError(
        `${field}: the option "${key}" is not supported${allowed.length ? ` (only ${allowed.join(", ")})` : ""}`,
        false,
      );
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
}

/** `smtp://user:password@host:587` or `smtps://…:465`: SMTP only, no transport options. */
export function parseSmtpUrl(text: string, field: string): SmtpSettings {
  const url = parseUrl(text, field, "smtp://user:password@mail.example.com:587");
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new BlockError(`${field}: only smtp:// and smtps:// URLs are supported`, false);
  refuseOptions(url, field, []);
  const secure = url.protocol === "smtps:";
  return {
    host: hostOf(url, field),
    port: portOf(url, secure ? 465 : 587),
    secure,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

export type SslMode = "disable" | "require" | "verify-full";
const SSL_MODES = ["disable", "prefer", "require", "verify-ca", "verify-full"];

export interface PostgresSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  sslMode: SslMode;
}

/** `postgresql://user:password@host:5432/database?sslmode=require`: no sockets, files or options. */
export function parsePostgresUrl(text: string, field: string): PostgresSettings {
  const url = parseUrl(text, field, "postgresql://user:password@db.example.com:5432/warehouse");
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
    throw new BlockError(`${field}: only postgresql:// URLs are supported`, false);
  refuseOptions(url, field, ["sslmode"]);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database || database.includes("/"))
    throw new BlockError(`${field}: the URL must name one database (…:5432/warehouse)`, false);
  if (!url.username) throw new BlockError(`${field}: the URL must name a user`, false);
  const sslMode = url.searchParams.get("sslmode") ?? "disable";
  if (!SSL_MODES.includes(sslMode))
    throw new BlockError(`${field}: sslmode must be one of ${SSL_MODES.join(", ")}`, false);
  return {
    host: hostOf(url, field),
    port: portOf(url, 5432),
    database,
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    // As node-postgres: prefer connects without TLS; verify-ca (no CA file may be named) checks
    // the certificate and host against the system's CAs, as verify-full does.
    sslMode:
      sslMode === "prefer"
        ? "disable"
        : sslMode === "verify-ca"
          ? "verify-full"
          : (sslMode as SslMode),
  };
}
