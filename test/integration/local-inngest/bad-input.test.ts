import { createServer, request } from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

describe("local Inngest server: bad input", async () => {
  const h = await startHarness((client) => [
    client.createFunction(
      { id: "echo", triggers: [{ event: "test/echo" }] },
      async ({ event }) => event.data,
    ),
  ]);
  const postEvents = (body: string) => fetch(`${h.serverUrl}/e/any-key`, { method: "POST", body });
  const runCount = async () =>
    (await h.db.query(`SELECT count(*)::int AS n FROM inngest_run`)).rows[0]?.n as number;

  it.each([
    ["{ not json", "body is not valid JSON"],
    ["{}", "name: name must be a string"],
    [JSON.stringify({ name: "test/echo", data: [1, 2] }), "data: data must be an object"],
    [JSON.stringify([{ name: "test/echo" }, { name: 5 }]), "event 1: name: name must be a string"],
  ])(
    "refuses the event body %s with a 400 naming the problem, accepting none of it",
    async (body, message) => {
      const before = await runCount();
      const reply = await postEvents(body);
      expect(reply.status).toBe(400);
      expect(await reply.json()).toMatchObject({ error: message });
      expect(await runCount()).toBe(before);
    },
  );

  it("stops reading a chunked body past 3 MB: 413, nothing accepted", async () => {
    const before = await runCount();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    // A raw chunked upload that keeps writing until the server answers (or 400 MB are sent).
    let answered = false;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${h.serverUrl}/e/any-key`, { method: "POST" }, (res) => {
        answered = true;
        let body = "";
        res.on("data", (part: Buffer) => (body += part));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", (error) => !answered && reject(error));
      const write = () => {
        while (sent < 400 * 1024 * 1024 && !answered && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", write);
        }
        req.end();
      };
      write();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "body larger than 3145728 bytes" });
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(await runCount()).toBe(before);
  });

  it("an event id starts one run per function within 24 hours", async () => {
    const before = await runCount();
    const event = JSON.stringify({ id: "order-42", name: "test/echo", data: { n: 42 } });
    expect((await postEvents(event)).status).toBe(200);
    // The answer carries the events' internal ids (ULIDs), as Inngest's does.
    expect(await (await postEvents(event)).json()).toMatchObject({
      ids: [expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)],
      status: 200,
    });
    await eventually(async () => (await runCount()) === before + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await runCount()).toBe(before + 1);
    // A day later the id is new again (Inngest's window), whether or not it was pruned meanwhile.
    h.clock.advance(25 * 3600_000);
    expect((await postEvents(event)).status).toBe(200);
    await eventually(async () => (await runCount()) === before + 2);
    expect((await postEvents(event)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await runCount()).toBe(before + 2);
  });

  it("refuses a registration with an unsupported option, keeping the functions it had", async () => {
    const client = new Inngest({
      id: "test-app",
      baseUrl: h.serverUrl,
      isDev: true,
      logger: { info() {}, warn() {}, error() {}, debug() {} },
    });
    const fn = client.createFunction(
      { id: "debounced", debounce: { period: "5s" }, triggers: [{ event: "test/echo" }] },
      async () => "x",
    );
    const app = createServer(serve({ client, functions: [fn] }));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const reply = await fetch(
      `http://127.0.0.1:${(app.address() as { port: number }).port}/api/inngest`,
      { method: "PUT" },
    );
    app.close();
    expect(reply.status).toBe(400);
    expect(JSON.stringify(await reply.json())).toContain(
      'Function test-app-debounced: the \\"debounce\\" option is not supported',
    );
    const { rows } = await h.db.query(`SELECT id FROM inngest_function ORDER BY id`);
    expect(rows).toEqual([{ id: "test-app-echo" }]);
  });

  it("refuses malformed registrations and unknown routes, and keeps serving", async () => {
    const register = await fetch(`${h.serverUrl}/fn/register`, {
      method: "POST",
      body: JSON.stringify({ url: "nope", functions: {} }),
    });
    expect(register.status).toBe(400);
    expect(await register.json()).toMatchObject({
      error: "url: url must be the app's serve() URL",
    });
    const badConfig = await fetch(`${h.serverUrl}/fn/register`, {
      method: "POST",
      body: JSON.stringify({
        url: h.appUrl,
        appName: "other",
        functions: [{ id: "other-x", triggers: [] }],
      }),
    });
    expect(await badConfig.json()).toMatchObject({
      error: "Function other-x: triggers: needs at least one trigger",
    });
    expect((await fetch(`${h.serverUrl}/fn/unknown`, { method: "POST" })).status).toBe(404);

    expect(await (await fetch(`${h.serverUrl}/health`)).json()).toEqual({ status: "ok" });
    await h.client.send({ name: "test/echo", data: { still: "serving" } });
    await eventually(
      async () =>
        (await h.db.query(`SELECT 1 FROM inngest_run WHERE output = '{"still":"serving"}'`))
          .rowCount === 1,
    );
  });
});
