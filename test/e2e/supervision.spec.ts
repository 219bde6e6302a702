// `npm start` keeps Weft running: a SIGKILLed child (the local Inngest server, the app, the
// embedded PostgreSQL) is started again, and every run accepted before or during the outage ends.
import { expect, test } from "@playwright/test";
import { countingApi } from "../support/counting-api";
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
      ["inngest", /local-inngest\.mjs/],
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

test("after SIGKILL of the launcher and all its children, the next start finishes every accepted run without re-running completed nodes", async () => {
  test.setTimeout(300_000);
  // A stand-in API that counts calls per run and node.
  const api = await countingApi();
  const { calls } = api;
  const apiUrl = api.url;
  const call = (id: string, x: number) =>
    node(id, "http.request", { method: "GET", url: `${apiUrl}/?k={{ run.id }}:${id}` }, x);
  const document = {
    schemaVersion: 1,
    name: "Interrupted",
    parameters: [],
    nodes: [call("first", 0), node("pause", "flow.delay", { seconds: 2 }, 200), call("last", 400)],
    edges: [
      { id: "e1", source: "first", target: "pause", sourceHandle: null },
      { id: "e2", source: "pause", target: "last", sourceHandle: null },
    ],
  };

  const first = await startLauncher("e2e-group-kill");
  let second: Awaited<ReturnType<typeof startLauncher>> | undefined;
  try {
    const rest = await first.apiClient();
    const flow = await rest("POST", "/flows", document);
    const accepted: string[] = [];
    for (let i = 0; i < 4; i++)
      accepted.push((await rest("POST", `/flows/${flow.json.id}/runs`, {})).json.id);
    // Kill once the first node of every run has completed (each run then waits in its delay).
    await expect
      .poll(async () => {
        const runs = await Promise.all(accepted.map((id) => rest("GET", `/runs/${id}`)));
        return runs.every((run) => run.json.nodes[0].status === "completed");
      })
      .toBe(true);
    const before = new Map(calls);
    await first.killAll();

    second = await startLauncher("e2e-group-kill", first.ports);
    const again = await second.apiClient(rest.key);
    await expect
      .poll(
        async () => {
          const runs = await Promise.all(accepted.map((id) => again("GET", `/runs/${id}`)));
          return runs.map((run) => run.json.status);
        },
        { timeout: 120_000, intervals: [1_000] },
      )
      .toEqual(accepted.map(() => "completed"));
    for (const id of accepted) {
      expect(calls.get(`${id}:first`)).toBe(1);
      expect(before.get(`${id}:first`)).toBe(1);
      expect(calls.get(`${id}:last`)).toBe(1);
    }
  } finally {
    await second?.stop();
    await first.stop().catch(() => undefined);
    api.close();
  }
});

test("children of a launcher killed alone exit by themselves, and the next start takes over the data directory", async () => {
  test.setTimeout(180_000);
  const first = await startLauncher("e2e-launcher-kill");
  let second: Awaited<ReturnType<typeof startLauncher>> | undefined;
  try {
    const nodeChildren = childrenOf(first.pid)
      .filter((entry) => !/bin\/postgres /.test(entry.command))
      .map((entry) => entry.pid);
    expect(nodeChildren).toHaveLength(2);
    process.kill(first.pid, "SIGKILL");
    await expect.poll(() => nodeChildren.filter(alive), { timeout: 10_000 }).toEqual([]);
    // PostgreSQL lives on as an orphan; the next launcher stops it and starts its own.
    second = await startLauncher("e2e-launcher-kill", first.ports);
    expect((await second.health()).status).toBe(200);
  } finally {
    await second?.stop();
    await first.stop().catch(() => undefined);
  }
});
