import "server-only";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import ipaddr from "ipaddr.js";
import {
  allowPrivateNetworks,
  guardedLookup,
  NetworkRefused,
  resolveGuarded,
} from "./network-guard";
import { apiUrl, httpAuthHeaders } from "../connections/clients";
import { BlockError, type BlockContext, type BlockRunner } from "./types";

const MAX_REDIRECTS = 5;
const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_KB = 10 * 1024;

type Pairs = { key: string; value: string }[] | undefined;

/** "200-299, 304" → a predicate over status codes. */
export function statusMatcher(spec: string | undefined): (status: number) => boolean {
  const ranges = (spec?.trim() || "200-299").split(/\s*,\s*/).map((part) => {
    const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part);
    if (!match)
      throw new BlockError(
        `config.expectedStatus: "${part}" is not a status or a range like 200-299`,
        false,
      );
    return [Number(match[1]), Number(match[2] ?? match[1])] as const;
  });
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}

function buildBody(ctx: BlockContext, headers: Record<string, string>): string | undefined {
  const { bodyType = "json", body } = ctx.config;
  if (body === undefined || body === null || body === "" || bodyType === "none") return undefined;
  if (bodyType === "text") {
    headers["content-type"] ??= "text/plain; charset=utf-8";
    return typeof body === "string" ? body : JSON.stringify(body);
  }
  if (bodyType === "form") {
    if (typeof body !== "object" || Array.isArray(body))
      throw new BlockError("config.body: a form body must be an object of fields", false);
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    return new URLSearchParams(
      Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    ).toString();
  }
  headers["content-type"] ??= "application/json";
  return JSON.stringify(body);
}

function authorization(ctx: BlockContext): string | undefined {
  const { bearerSecret, basicUser, basicPasswordSecret } = ctx.config;
  if (typeof bearerSecret === "string" && bearerSecret) return `Bearer ${ctx.secret(bearerSecret)}`;
  if (typeof basicUser === "string" && basicUser) {
    const password =
      typeof basicPasswordSecret === "string" && basicPasswordSecret
        ? ctx.secret(basicPasswordSecret)
        : "";
    return `Basic ${Buffer.from(`${basicUser}:${password}`).toString("base64")}`;
  }
  return undefined;
}

export interface Response {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body as it came (for binary content). */
  bytes: Buffer;
}

/**
 * One HTTP request through the network guard (the address connected to is checked), its body
 * read up to `maxBytes`. No redirects followed: the caller decides.
 */
export async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Response & { location?: string }> {
  const allowPrivate = allowPrivateNetworks();
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  // An IP literal is never looked up, so it is checked here; names are checked at connect time.
  if (ipaddr.isValid(url.hostname.replace(/^\[|\]$/g, "")))
    await resolveGuarded(url.hostname, port).catch((error: Error) => {
      throw new BlockError(error.message, false);
    });
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers, signal, lookup: guardedLookup(allowPrivate, port) },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        res.on("data", (chunk: Buffer) => {
          if (tooLarge) return;
          size += chunk.length;
          if (size > maxBytes) {
            // Refused as it streams: the rest is never read, and what came is not an answer.
            tooLarge = true;
            reject(
              new BlockError(
                `The response is larger than the limit of ${Math.round(maxBytes / 1024)} KB`,
                false,
              ),
            );
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => {
          if (tooLarge) return;
          const bytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(", ") : String(v ?? ""),
              ]),
            ),
            text: bytes.toString("utf8"),
            bytes,
            location: res.headers.location,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", (error) =>
      reject(error instanceof NetworkRefused ? new BlockError(error.message, false) : error),
    );
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function parse(response: Response, type: unknown): unknown {
  const isJson =
    type === "json" || (type !== "text" && /json/i.test(response.headers["content-type"] ?? ""));
  if (!isJson) return response.text;
  try {
    return response.text ? (JSON.parse(response.text) as unknown) : null;
  } catch {
    throw new BlockError(
      `The response is not valid JSON (HTTP ${response.status}): ${response.text.slice(0, 200)}`,
      false,
    );
  }
}

export const runHttpRequest: BlockRunner = async (ctx) => {
  const { config } = ctx;
  const method = String(config.method ?? "GET").toUpperCase();
  // With an HTTP API connection the URL is a path under its base URL, and it authenticates.
  const api = await ctx.connection?.("http");
  let url: URL;
  try {
    url = api
      ? apiUrl(api, String(config.url ?? ""), "config.url")
      : new URL(String(config.url ?? ""));
  } catch (error) {
    if (error instanceof BlockError) throw error;
    throw new BlockError(`config.url: "${String(config.url)}" is not a URL`, false);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new BlockError(
      `config.url: only http and https URLs can be called, not ${url.protocol}`,
      false,
    );
  for (const { key, value } of (config.query as Pairs) ?? [])
    if (key) url.searchParams.append(key, value);
  const headers: Record<string, string> = {};
  for (const { key, value } of (config.headers as Pairs) ?? [])
    if (key) headers[key.toLowerCase()] = value;
  let credentials: Record<string, string> = { authorization: authorization(ctx) ?? "" };
  if (api) {
    const signIn = await httpAuthHeaders(api, ctx.signal);
    // An access token fetched now is as secret as what it was fetched with.
    for (const value of signIn.credentials) ctx.redact?.(value);
    credentials = signIn.headers;
  }
  for (const [name, value] of Object.entries(credentials)) if (value) headers[name] = value;
  const body = buildBody(ctx, headers);
  const expected = statusMatcher(config.expectedStatus as string | undefined);
  const timeoutMs = Math.min(
    Number(config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    ctx.timeLeftMs(),
  );
  const maxBytes = Number(config.maxResponseKb ?? DEFAULT_MAX_KB) * 1024;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);

  let response: Response & { location?: string };
  let currentMethod = method;
  let currentBody = body;
  for (let hop = 0; ; hop++) {
    try {
      response = await send(url, currentMethod, headers, currentBody, signal, maxBytes);
    } catch (error) {
      if (error instanceof BlockError) throw error;
      if (signal.aborted && !ctx.signal.aborted)
        throw new BlockError(
          `${method} ${url.origin}${url.pathname} did not answer within ${Math.round(timeoutMs / 1000)} s`,
        );
      throw new BlockError(
        `${method} ${url.origin}${url.pathname} failed: ${(error as Error).message}`,
      );
    }
    if (!response.location || response.status < 300 || response.status > 399) break;
    if (hop === MAX_REDIRECTS)
      throw new BlockError(`More than ${MAX_REDIRECTS} redirects from ${url.origin}`, false);
    const next = new URL(response.location, url);
    // Credentials never follow a redirect to another origin.
    if (next.origin !== url.origin)
      for (const name of Object.keys(credentials)) delete headers[name];
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && currentMethod === "POST")
    ) {
      currentMethod = "GET";
      currentBody = undefined;
    }
    url = next;
  }
  ctx.log("info", `${method} ${url.origin}${url.pathname} → ${response.status}`);
  if (!expected(response.status))
    throw new BlockError(
      `HTTP ${response.status} from ${method} ${url.origin}${url.pathname} (expected ${String(config.expectedStatus || "200-299")}): ${response.text.slice(0, 300)}`,
      response.status >= 500 || response.status === 429 || response.status === 408,
    );
  return {
    output: {
      status: response.status,
      headers: response.headers,
      body: parse(response, config.responseType),
    },
  };
};
