import { createServer } from "node:http";

/**
 * A loopback stand-in for a third-party API that counts calls by their `k` query value (tests use
 * `{{ run.id }}:<node>`), to tell whether a node ran once, twice or never.
 */
export async function countingApi() {
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = new URL(req.url!, "http://x").searchParams.get("k") ?? "?";
    calls.set(key, (calls.get(key) ?? 0) + 1);
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    calls,
    close: () => server.close(),
  };
}
