import { createServer, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHttpRequest, statusMatcher } from "@/server/blocks/http";
import { guardedLookup, refusal } from "@/server/blocks/network-guard";
import { blockContext } from "./context";

let base = "";
let last: { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string } = {
  headers: {},
  body: "",
};
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    last = { method: req.method, url: req.url, headers: req.headers, body };
    const path = new URL(req.url!, "http://x").pathname;
    if (path === "/json")
      res.writeHead(200, { "content-type": "application/json" }).end('{"items":[1,2]}');
    else if (path === "/text") res.writeHead(200, { "content-type": "text/plain" }).end("plain");
    else if (path === "/big") res.writeHead(200).end("x".repeat(300 * 1024));
    else if (path === "/missing") res.writeHead(404).end("nothing here");
    else if (path === "/to-metadata")
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    else if (path === "/to-json") res.writeHead(301, { location: "/json" }).end();
    else res.writeHead(200).end("ok");
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

const call = (config: Record<string, unknown>) =>
  runHttpRequest(blockContext({ method: "GET", ...config }).ctx);

describe("http.request", () => {
  it("sends query, headers and a JSON body, with a bearer token from a secret, and parses JSON", async () => {
    const { output } = await call({
      method: "POST",
      url: `${base}/json`,
      query: [{ key: "page", value: "2" }],
      headers: [{ key: "X-Trace", value: "abc" }],
      body: { name: "weft" },
      bearerSecret: "API_TOKEN",
    });
    expect(output).toMatchObject({
      status: 200,
      body: { items: [1, 2] },
      headers: { "content-type": "application/json" },
    });
    expect(last).toMatchObject({ method: "POST", url: "/json?page=2", body: '{"name":"weft"}' });
    expect(last.headers).toMatchObject({
      authorization: "Bearer tok-123456",
      "x-trace": "abc",
      "content-type": "application/json",
    });
  });

  it("sends a form body with basic auth, and reads text", async () => {
    const { output } = await call({
      method: "PUT",
      url: `${base}/text`,
      bodyType: "form",
      body: { a: "1", b: "two words" },
      basicUser: "ada",
      basicPasswordSecret: "DB_PASSWORD",
    });
    expect(output).toMatchObject({ status: 200, body: "plain" });
    expect(last.body).toBe("a=1&b=two+words");
    expect(last.headers.authorization).toBe(
      `Basic ${Buffer.from("ada:hunter2-long").toString("base64")}`,
    );
  });

  it("follows a redirect on the same host", async () => {
    expect((await call({ url: `${base}/to-json` })).output).toMatchObject({
      body: { items: [1, 2] },
    });
  });

  it("fails on an unexpected status, naming it, unless the status is expected", async () => {
    await expect(call({ url: `${base}/missing` })).rejects.toThrow(
      /HTTP 404 .*expected 200-299.*nothing here/,
    );
    expect(
      (await call({ url: `${base}/missing`, expectedStatus: "200-299, 404" })).output,
    ).toMatchObject({ status: 404 });
    await expect(call({ url: `${base}/missing`, expectedStatus: "2xx" })).rejects.toThrow(
      /config.expectedStatus/,
    );
    expect(statusMatcher("201")(201)).toBe(true);
    expect(statusMatcher("201")(200)).toBe(false);
  });

  it("refuses a response over the size limit", async () => {
    await expect(call({ url: `${base}/big`, maxResponseKb: 100 })).rejects.toThrow(
      /larger than the limit of 100 KB/,
    );
  });

  it("always refuses cloud metadata and link-local addresses, also behind a redirect", async () => {
    await expect(call({ url: "http://169.254.169.254/latest/meta-data/" })).rejects.toThrow(
      /cloud metadata address/,
    );
    await expect(call({ url: "http://[fe80::1]/" })).rejects.toThrow(/linkLocal address/);
    await expect(call({ url: `${base}/to-metadata` })).rejects.toThrow(/cloud metadata address/);
    await expect(call({ url: "file:///etc/passwd" })).rejects.toThrow(/only http and https/);
  });

  it("refuses private networks when they are denied, at connect time", async () => {
    expect(refusal("10.1.2.3", false)).toMatch(/private network; set WEFT_PRIVATE_NETWORKS=allow/);
    expect(refusal("127.0.0.1", false)).toMatch(/private network/);
    expect(refusal("::ffff:127.0.0.1", false)).toMatch(/private network/);
    expect(refusal("10.1.2.3", true)).toBeNull();
    expect(refusal("93.184.216.34", false)).toBeNull();
    const resolved = await new Promise<string>((resolve) =>
      (guardedLookup(false) as (h: string, o: object, cb: (e: Error | null) => void) => void)(
        "localhost",
        {},
        (error) => resolve(error?.message ?? "allowed"),
      ),
    );
    expect(resolved).toMatch(/Refused to call localhost: .* private network/);
  });

  it("names a secret that does not exist", async () => {
    await expect(call({ url: `${base}/json`, bearerSecret: "NOPE" })).rejects.toThrow(
      /Secret NOPE does not exist/,
    );
  });
});
