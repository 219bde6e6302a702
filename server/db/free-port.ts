import { createServer, type Server } from "node:net";

/** A TCP port on loopback that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * `count` different TCP ports on loopback that nothing listens on right now. Each is held until
 * all are chosen: asked for one at a time, the system may hand out a port just given back, and
 * two services of one test would then race for it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++)
      servers.push(
        await new Promise<Server>((resolve, reject) => {
          const server = createServer()
            .once("error", reject)
            .listen(0, "127.0.0.1", () => resolve(server));
        }),
      );
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(
      servers.map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))),
    );
  }
}
