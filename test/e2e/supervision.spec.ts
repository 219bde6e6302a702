// `npm start` keeps Weft running: a SIGKILLed child (the local Inngest server, the app, the
// embedded PostgreSQL) is started again, and every run accepted before or during the outage ends.
import { expect, test } from "@playwright/test";
import { alive, childrenOf, startLauncher } from "../support/launcher-process";
import { node } from "./flows";

const chain = {
  schemaVersion: 1,
  name: "Survivor",
  parameters: [],
  nodes: [
    node("one", "code.javascript", { code: "return 1" }),
    node("two", "code.javascript", { code: "return input + 1" }, 200),
    node("three", "code.javascript", { code: "return input + 1" }, 400),
  ],
  edges: [
    { id: "e1", source: "one", target: "two", sourceHandle: null },
    { id: "e2", source: "two", target: "three", sourceHandle: null },
  ],
};

test("the launcher restarts each crashed child, and every run accepted before or during the outage ends", async () => {
  test.setTimeout(360_000);
  const weft = await startLauncher("e2e-supervision");
  try {
    const api = await weft.apiClient();
    const flow = await api("POST", "/flows", chain);
    expect(flow.status).toBe(201);
    const accepted: string[] = [];
    const start = async () => {
      const reply = await api("POST", `/flows/${flow.json.id}/runs`, {});
      if (reply.status === 201) accepted.push(reply.json.id);
      return reply.status;
    };

    const crashes: [string, RegExp][] = [
      ["inngest", /local-inngest\/main\.ts/],
      ["web", /next-server/],
    ];
    for (const [name, pattern] of crashes) {
      await start();
      process.kill(weft.child(pattern), "SIGKILL");
      // Accepted while the child is down; answered 201 (kept Pending) or, for the app, no answer.
      await start().catch(() => 0);
      await weft.logged(new RegExp(`\\[${name}\\s*\\] restarted`));
      await expect.poll(async () => (await weft.health()).status, { timeout: 60_000 }).toBe(200);
      await start();
    }

    // The database: requests meanwhile get 503, never 500; the supervisor brings it back.
    await start();
    const postgres = weft.child(/bin\/postgres /);
    process.kill(postgres, "SIGKILL");
    await expect.poll(async () => (await weft.health()).status, { timeout: 30_000 }).toBe(503);
    const duringOutage = await api("GET", "/flows").catch(() => ({ status: 0 }));
    expect([503, 200]).toContain(duringOutage.status);
    await weft.logged(/\[database\s*\] restarted/);
    await expect.poll(async () => (await weft.health()).status, { timeout: 60_000 }).toBe(200);
    await start();

    // Every accepted run ends (completed), none is left Pending or Running.
    await expect
      .poll(
        async () => {
          const statuses = await Promise.all(
            accepted.map(async (id) => (await api("GET", `/runs/${id}`)).json?.status),
          );
          return statuses.filter((status) => status !== "completed");
        },
        { timeout: 150_000, intervals: [1_000] },
      )
      .toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(7);
    for (const id of accepted) {
      const run = (await api("GET", `/runs/${id}`)).json;
      expect(run.nodes.map((n: { output: unknown }) => n.output)).toEqual([1, 2, 3]);
    }

    // SIGTERM stops every child within 10 s.
    const children = childrenOf(weft.pid).map((entry) => entry.pid);
    const stopping = Date.now();
    process.kill(weft.pid, "SIGTERM");
    await weft.exited;
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(children.filter(alive)).toEqual([]);
  } catch (error) {
    console.log(weft.output().slice(-6000));
    throw error;
  } finally {
    await weft.stop();
  }
});
