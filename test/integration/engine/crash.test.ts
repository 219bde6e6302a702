import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { Inngest } from "inngest";
import { afterAll, describe, expect, it } from "vitest";
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
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

  it("completes the run after a restart without executing completed nodes again", async () => {
    const calls: Record<string, number> = { first: 0, slow: 0 };
    let hang = true;
    const api = createServer((req, res) => {
      const path = req.url!.slice(1);
      calls[path] = (calls[path] ?? 0) + 1;
      if (path === "slow" && hang) return; // never answers: the app is killed while waiting
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path }));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
    afterAll(() => {
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
    afterAll(() => local.stop());
    const appPort = await freePort();
    children.push(await startApp(appPort, local.url));
    expect((await fetch(`http://127.0.0.1:${appPort}/api/inngest`, { method: "PUT" })).status).toBe(
      200,
    );

    const { owner, team } = await createTeamWithOwner();
    const document = flowDocument({
      nodes: [
        node("first", { block: "http.request", config: { method: "GET", url: `${apiUrl}/first` } }),
        node("slow", { block: "http.request", config: { method: "GET", url: `${apiUrl}/slow` } }),
        node("last", {
          block: "code.javascript",
          config: { code: "return [nodes.first.output.body.path, input.body.path]" },
        }),
      ],
      edges: [
        { id: "e1", source: "first", target: "slow", sourceHandle: null },
        { id: "e2", source: "slow", target: "last", sourceHandle: null },
      ],
    });
    const flow = await db().flow.create({
      data: {
        teamId: team.id,
        name: "Crash",
        latestVersion: 1,
        versions: { create: { number: 1, document: document as never } },
      },
    });
    const client = new Inngest({ id: "test-app", baseUrl: local.url, isDev: true });
    const { id } = await startRun(
      { teamId: team.id, userId: owner.id, trigger: "MANUAL" },
      { flowId: flow.id, parameters: {} },
      client,
    );

    await eventually(async () => calls.slow === 1);
    children[0]!.kill("SIGKILL");
    await new Promise((resolve) => children[0]!.once("exit", resolve));
    hang = false;
    children.push(await startApp(appPort, local.url));

    const run = await eventually(async () => {
      clock.advance(60_000); // past the local server's retry backoff
      const current = await getRun(team.id, id);
      return current.status === "COMPLETED" || current.status === "FAILED" ? current : undefined;
    }, 20_000);
    expect(run.status).toBe("COMPLETED");
    expect(run.nodes.find((n) => n.nodeId === "last")!.output).toEqual(["first", "slow"]);
    expect(calls.first).toBe(1);
    expect(calls.slow).toBe(2);
  });
});
