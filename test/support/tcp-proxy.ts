import { createServer, connect, type Socket } from "node:net";
import { afterAll } from "vitest";

/**
 * A loopback TCP forwarder to `target`: a stand-in for "another database server" when a test must
 * reach this run's PostgreSQL (which the network guard refuses as Weft's own database), or a way
 * to take a database away and bring it back (`cut`, `restore`).
 */
export async function tcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return {
    port: (server.address() as { port: number }).port,
    /** Drops every connection and refuses new ones, as a database that went down. */
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
  };
}

/**
 * This run's PostgreSQL (`DATABASE_URL`) through a new forwarder: the URL names the forwarder's
 * TCP port and not the server's Unix socket, which would bypass it.
 */
export async function databaseThroughProxy() {
  const own = new URL(process.env.DATABASE_URL!);
  const proxy = await tcpProxy({ host: own.hostname, port: Number(own.port) });
  const url = new URL(own);
  url.port = String(proxy.port);
  url.searchParams.delete("host");
  return { url, proxy };
}
