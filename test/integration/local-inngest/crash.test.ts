// Crash recovery: the local server process is killed with SIGKILL mid-run and started again.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/server/db/free-port";
import { sign } from "@/server/local-inngest/signing";
import { eventually } from "./harness";

const tsx = createRequire(import.meta.url).resolve("tsx");
const signingKey = `signkey-test-${randomBytes(32).toString("hex")}`;
const eventKey = randomBytes(16).toString("hex");

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", tsx, "server/local-inngest/main.ts"], {
    env: {
      ...process.env,
      WEFT_INNGEST_PORT: String(port),
      WEFT_INNGEST_LOG: "warn",
      INNGEST_SIGNING_KEY: signingKey,
      INNGEST_EVENT_KEY: eventKey,
    },
    stdio: "ignore",
  });
  await eventually(
    () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    20_000,
  );
  return child;
}

describe("local Inngest server: crash recovery", () => {
  const executions: string[] = [];
  let child: ChildProcess | undefined;
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await db.end();
  });

  it("resumes every run after SIGKILL; completed steps are not executed again", async () => {
    const port = await freePort();
    const client = new Inngest({
      id: "crash-app",
      baseUrl: `http://127.0.0.1:${port}`,
      isDev: false,
      signingKey,
      eventKey,
    });
    const fn = client.createFunction(
      { id: "durable", triggers: [{ event: "test/durable" }] },
      async ({ step }) => {
        const first = await step.run("first", () => {
          executions.push("first");
          return 1;
        });
        await step.sleep("pause", "2s");
        const second = await step.run("second", () => {
          executions.push("second");
          return 2;
        });
        return first + second;
      },
    );
    const app = createServer(serve({ client, functions: [fn] }));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/api/inngest`;

    child = await startServer(port);
    const sync = () =>
      fetch(appUrl, {
        method: "PUT",
        headers: { "x-inngest-signature": sign("", signingKey, Date.now()) },
      });
    expect((await sync()).status).toBe(200);
    await client.send({ name: "test/durable" });
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM inngest_queue_item WHERE kind = 'wake'`)).rowCount === 1,
    );
    expect(executions).toEqual(["first"]);

    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));
    child = await startServer(port);

    const run = await eventually(async () => {
      const { rows } = await db.query(
        `SELECT status, output FROM inngest_run WHERE function_id = 'crash-app-durable' AND status <> 'Running'`,
      );
      return rows[0] as { status: string; output: unknown } | undefined;
    }, 20_000);
    expect(run).toEqual({ status: "Completed", output: 3 });
    expect(executions).toEqual(["first", "second"]);
    app.close();
  }, 60_000);
});
