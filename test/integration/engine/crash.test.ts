import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { Inngest } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getRun } from "@/server/runs/read-runs";
import { startRun } from "@/server/runs/start-run";
import { ManualClock } from "@/server/local-inngest/clock";
import { startLocalInngestServer } from "@/server/local-inngest/index";
import { silentLogger } from "@/server/local-inngest/log";
import { freePort } from "@/server/db/free-port";
import { createTeamWithOwner } from "../../factories";
import { flowDocument, node } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";

function startApp(port: number, inngestUrl: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/integration/engine/app-process.ts"],
    {
      env: {
        ...process.env,
        TEST_APP_PORT: String(port),
        TEST_INNGEST_URL: inngestUrl,
        NODE_ENV: "test",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on(
      "data",
      (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child),
    );
    child.once("exit", (code) => reject(new Error(`app process exited with ${code}`)));
  });
}

describe("engine: the app server is killed mid-run", () => {
  const children: ChildProcess[] = [];
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    children.forEach((child) => child.kill("SIGKILL"));
    for (const cleanup of cleanups) await cleanup();
  });

  /**
   * A local Inngest server, the app in its own process and a stand-in API whose `/slow` path never
   * answers until the app has crashed: `crash()` SIGKILLs the app while it waits and starts a new
   * one. Set up once for the file (two local servers on one database would share its queue).
   */
  async function setUp() {
    let calls: Record<string, number> = {};
    let hang = true;
    const api = createServer((req, res) => {
      const path = req.url!.slice(1);
      calls[path] = (calls[path] ?? 0) + 1;
      if (path === "slow" && hang) return; // never answers: the app is killed while waiting
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path }));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
    cleanups.push(() => {
      api.closeAllConnections();
      api.close();
    });

    const clock = new ManualClock();
    const local = await startLocalInngestServer({
      databaseUrl: process.env.DATABASE_URL!,
      port: 0,
      clock,
      pollMs: 5,
      log: silentLogger,
    });
    cleanups.push(() => local.stop());
    const appPort = await freePort();
    children.push(await startApp(appPort, local.url));
    const registered = await fetch(`http://127.0.0.1:${appPort}/api/inngest`, { method: "PUT" });
    if (registered.status !== 200) throw new Error(`registering the app: ${registered.status}`);
    const { owner, team } = await createTeamWithOwner();
    const client = new Inngest({ id: "test-app", baseUrl: local.url, isDev: true });
    const get = (path: string) =>
      node(path, { block: "http.request", config: { method: "GET", url: `${apiUrl}/${path}` } });

    return {
      get calls() {
        return calls;
      },
      get,
      async start(document: ReturnType<typeof flowDocument>) {
        calls = {};
        hang = true;
        const flow = await db().flow.create({
          data: {
            teamId: team.id,
            name: "Crash",
            latestVersion: 1,
            versions: { create: { number: 1, document: document as never } },
          },
        });
        const { id } = await startRun(
          { teamId: team.id, userId: owner.id, trigger: "MANUAL" },
          { flowId: flow.id, parameters: {} },
          client,
        );
        return id;
      },
      async crash() {
        const app = children.at(-1)!;
        app.kill("SIGKILL");
        await new Promise((resolve) => app.once("exit", resolve));
        hang = false;
        children.push(await startApp(appPort, local.url));
      },
      async ended(runId: string) {
        return eventually(async () => {
          clock.advance(60_000); // past the local server's retry backoff
          const current = await getRun(team.id, runId);
          return current.status === "COMPLETED" || current.status === "FAILED"
            ? current
            : undefined;
        }, 20_000);
      },
    };
  }

  let setup: ReturnType<typeof setUp>;
  beforeAll(() => {
    setup = setUp();
  });

  it("completes the run after a restart without executing completed nodes again", async () => {
    const app = await setup;
    // `first` retries, so it is a step of its own (memoized by Inngest); `second`, `slow` and
    // `last` are a chain sharing one step (their rows say which ended when it runs again).
    const id = await app.start(
      flowDocument({
        nodes: [
          { ...app.get("first"), retries: 1 },
          app.get("second"),
          app.get("slow"),
          node("last", {
            block: "code.javascript",
            config: {
              code: "return [nodes.first.output.body.path, nodes.second.output.body.path, input.body.path]",
            },
          }),
        ],
        edges: [
          { id: "e1", source: "first", target: "second", sourceHandle: null },
          { id: "e2", source: "second", target: "slow", sourceHandle: null },
          { id: "e3", source: "slow", target: "last", sourceHandle: null },
        ],
      }),
    );
    await eventually(async () => app.calls.slow === 1);
    await app.crash();
    const run = await app.ended(id);
    expect(run.status).toBe("COMPLETED");
    expect(run.nodes.find((n) => n.nodeId === "last")!.output).toEqual(["first", "second", "slow"]);
    expect([app.calls.first, app.calls.second, app.calls.slow]).toEqual([1, 1, 2]);
  });

  it("a fan-out sharing one step: after the crash only the node that had not ended runs again", async () => {
    const app = await setup;
    const branches = ["a", "b", "slow", "c"];
    const id = await app.start(
      flowDocument({
        nodes: [
          node("root", { block: "code.javascript", config: { code: "return 1" } }),
          ...branches.map(app.get),
          node("join", {
            block: "code.javascript",
            config: { code: "return Object.keys(nodes).sort()" },
          }),
        ],
        edges: branches.flatMap((branch) => [
          { id: `in-${branch}`, source: "root", target: branch, sourceHandle: null },
          { id: `out-${branch}`, source: branch, target: "join", sourceHandle: null },
        ]),
      }),
    );
    await eventually(async () => {
      const run = await db().nodeRun.findMany({ where: { runId: id, status: "COMPLETED" } });
      return app.calls.slow === 1 && run.length === 4; // root, a, b, c ended; slow is waiting
    });
    await app.crash();
    const run = await app.ended(id);
    expect(run.status).toBe("COMPLETED");
    expect(run.nodes.find((n) => n.nodeId === "join")!.output).toEqual([
      "a",
      "b",
      "c",
      "root",
      "slow",
    ]);
    expect([app.calls.a, app.calls.b, app.calls.c, app.calls.slow]).toEqual([1, 1, 1, 2]);
  });
});
