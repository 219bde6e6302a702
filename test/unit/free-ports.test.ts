import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePorts } from "@/server/db/free-port";

describe("freePorts", () => {
  it("gives different ports, each free to listen on once given", async () => {
    const ports = await freePorts(40);
    expect(new Set(ports).size).toBe(40);
    for (const port of ports.slice(0, 5))
      await new Promise<void>((resolve, reject) => {
        const server = createServer()
          .once("error", reject)
          .listen(port, "127.0.0.1", () => server.close(() => resolve()));
      });
  });
});
