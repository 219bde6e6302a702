import "server-only";
import { XMLParser } from "fast-xml-parser";
import { s3Error, s3Request, type Values } from "../connections/clients";
import { BlockError, type BlockContext, type BlockRunner } from "./types";

const DEFAULT_MAX_KB = 10 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function keyOf(ctx: BlockContext) {
  const key = String(ctx.config.key ?? "").replace(/^\/+/, "");
  if (!key)
    throw new BlockError("config.key: say which object (e.g. reports/{{ run.id }}.json)", false);
  if (key.length > 1024) throw new BlockError("config.key: at most 1,024 characters", false);
  return key;
}

/** An S3 failure as a node error: S3's own code and message; retried only when S3 is at fault. */
function failed(action: string, status: number, body: string): never {
  throw new BlockError(
    `${action} failed: ${s3Error(status, body)}`,
    status >= 500 || status === 429,
  );
}

/** The object's bytes from the node's content, read as the encoding says. */
function bytesOf(ctx: BlockContext): { body: Buffer; contentType: string } {
  const content = ctx.config.content;
  switch (ctx.config.encoding) {
    case "json":
      return {
        body: Buffer.from(JSON.stringify(content ?? null)),
        contentType: "application/json",
      };
    case "base64": {
      const text = String(content ?? "").replace(/\s+/g, "");
      if (!BASE64.test(text) || text.length % 4 !== 0)
        throw new BlockError(
          "config.content: is not base64 (A–Z, a–z, 0–9, +, /, = padding)",
          false,
        );
      return { body: Buffer.from(text, "base64"), contentType: "application/octet-stream" };
    }
    default:
      return {
        body: Buffer.from(typeof content === "string" ? content : JSON.stringify(content ?? "")),
        contentType: "text/plain; charset=utf-8",
      };
  }
}

/** What was read, as the encoding says: text, parsed JSON, or base64. */
function contentOf(bytes: Buffer, encoding: unknown, key: string) {
  if (encoding === "base64") return bytes.toString("base64");
  const text = bytes.toString("utf8");
  if (encoding !== "json") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BlockError(`${key} is not JSON: read it as text or base64`, false);
  }
}

const xml = new XMLParser({ isArray: (name) => name === "Contents" || name === "CommonPrefixes" });

async function run(ctx: BlockContext, s3: Values) {
  const signal = ctx.signal;
  switch (ctx.config.operation) {
    case "put": {
      const key = keyOf(ctx);
      const { body, contentType } = bytesOf(ctx);
      const response = await s3Request(s3, {
        method: "PUT",
        key,
        body,
        headers: { "content-type": contentType },
        signal,
      });
      if (response.status !== 200) failed(`PUT ${key}`, response.status, response.text);
      ctx.log("info", `Stored ${key} (${body.length} bytes)`);
      return { key, size: body.length, etag: response.headers.etag?.replace(/"/g, "") ?? null };
    }
    case "get": {
      const key = keyOf(ctx);
      const maxKb = Number(ctx.config.maxKb ?? DEFAULT_MAX_KB);
      const response = await s3Request(s3, {
        method: "GET",
        key,
        signal,
        maxBytes: maxKb * 1024,
      }).catch((error: Error) => {
        throw error instanceof BlockError
          ? new BlockError(`${key}: ${error.message}`, false)
          : error;
      });
      if (response.status !== 200) failed(`GET ${key}`, response.status, response.text);
      return {
        key,
        size: response.bytes.length,
        contentType: response.headers["content-type"] ?? null,
        content: contentOf(response.bytes, ctx.config.encoding, key),
      };
    }
    case "list": {
      const prefix = String(ctx.config.prefix ?? "");
      const response = await s3Request(s3, {
        method: "GET",
        query: { "list-type": "2", prefix, "max-keys": "1000" },
        signal,
      });
      if (response.status !== 200)
        failed(`Listing ${prefix || "the bucket"}`, response.status, response.text);
      const result =
        (xml.parse(response.text) as { ListBucketResult?: Record<string, unknown> })
          .ListBucketResult ?? {};
      const contents =
        (result.Contents as { Key: unknown; Size: unknown; LastModified: unknown }[]) ?? [];
      return {
        prefix,
        objects: contents.map((item) => ({
          key: String(item.Key),
          size: Number(item.Size),
          lastModified: String(item.LastModified),
        })),
        truncated: String(result.IsTruncated) === "true",
      };
    }
    case "delete": {
      const key = keyOf(ctx);
      const response = await s3Request(s3, { method: "DELETE", key, signal });
      if (response.status !== 204 && response.status !== 200)
        failed(`DELETE ${key}`, response.status, response.text);
      return { key, deleted: true };
    }
    default:
      throw new BlockError("config.operation: must be one of put, get, list, delete", false);
  }
}

/** Object storage on an S3-compatible connection: put, get, list by prefix, delete. */
export const runStorage: BlockRunner = async (ctx) => {
  const s3 = await ctx.connection?.("s3");
  if (!s3)
    throw new BlockError("config.connectionId: choose an S3-compatible storage connection", false);
  return { output: await run(ctx, s3) };
};
