import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { addMember, callerFor } from "../factories";
import { edge, flowDocument, node } from "../factories/flow-document";
import { startSmtpStandIn } from "../support/smtp";
import { tcpProxy } from "../support/tcp-proxy";
import { startEngine } from "./engine/engine-harness";

// A second database with its own user on this test's PostgreSQL, reached through a loopback
// forwarder (the guard refuses Weft's own database address).
const own = new URL(process.env.DATABASE_URL!);
const suffix = randomBytes(4).toString("hex");
const warehouse = {
  database: `warehouse_${suffix}`,
  user: `loader_${suffix}`,
  password: "pg-pw-9f8e7d",
};
const proxy = await tcpProxy({ host: own.hostname, port: Number(own.port) });
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });

describe("connections", async () => {
  const engine = await startEngine();
  const caller = callerFor(engine.userId, engine.teamId);
  let smtp: Awaited<ReturnType<typeof startSmtpStandIn>>;
  const slackPosts: unknown[] = [];
  let tokenRequests = 0;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE ${warehouse.user} LOGIN PASSWORD '${warehouse.password}'`);
    await admin.query(`CREATE DATABASE ${warehouse.database} OWNER ${warehouse.user}`);
    smtp = await startSmtpStandIn({ user: "mailer", password: "smtp-pw-1234" });
  });
  afterAll(async () => {
    await admin.end();
    await smtp.close();
  });
  // A Slack-compatible API and an API behind OAuth2 client credentials, on the stand-in server.
  engine.route("/slack/auth.test", (req, res) => {
    const ok = req.headers.authorization === "Bearer xoxb-good-token";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify(ok ? { ok, user: "weft-bot", team: "Acme" } : { ok, error: "invalid_auth" }),
    );
  });
  engine.route("/slack/chat.postMessage", (req, res, body) => {
    slackPosts.push({ auth: req.headers.authorization, ...JSON.parse(body) });
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"ts":"1.2"}');
  });
  engine.route("/hooks/good", (_req, res, body) =>
    res.writeHead(body === "{}" ? 400 : 200).end(body === "{}" ? "no_text" : "ok"),
  );
  engine.route("/oauth/token", (req, res, body) => {
    tokenRequests++;
    const basic = Buffer.from("client-1:oauth-secret-77").toString("base64");
    const ok =
      req.headers.authorization === `Basic ${basic}` &&
      body.includes("grant_type=client_credentials");
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        ok ? { access_token: "at-5566", expires_in: 3600 } : { error: "invalid_client" },
      ),
    );
  });
  engine.route("/v1/", (req, res) => {
    const ok = ["Bearer static-tok-42", "Bearer at-5566"].includes(req.headers.authorization ?? "");
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end('{"hello":true}');
  });
  engine.route("/v1/echo", (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization }));
  });

  const postgres = (password = warehouse.password) => ({
    host: "127.0.0.1",
    port: proxy.port,
    database: warehouse.database,
    user: warehouse.user,
    password,
    sslMode: "disable",
  });

  it("stores secrets sealed: never returned, kept when an edit leaves them out; viewers see names only", async () => {
    const made = await caller.connection.create({
      type: "postgres",
      name: "Warehouse",
      values: postgres(),
    });
    expect(made).toMatchObject({
      type: "postgres",
      settings: { host: "127.0.0.1", user: warehouse.user },
      secretsSet: ["password"],
    });
    const row = await db().connection.findUniqueOrThrow({ where: { id: made.id } });
    expect(JSON.stringify(row)).not.toContain(warehouse.password);
    expect(JSON.stringify(await caller.connection.list())).not.toContain(warehouse.password);
    const edited = await caller.connection.update({
      connectionId: made.id,
      values: { database: warehouse.database, password: "" },
    });
    expect(edited.secretsSet).toEqual(["password"]);
    expect(
      await caller.connection.test({
        type: "postgres",
        values: { ...postgres(), password: "" },
        connectionId: made.id,
      }),
    ).toEqual({
      ok: true,
      message: expect.stringMatching(
        new RegExp(`^Connected to "${warehouse.database}" as ${warehouse.user} \\(PostgreSQL \\d+`),
      ),
    });
    const { user: viewer } = await addMember(caller, engine.teamId, "VIEWER");
    const asViewer = callerFor(viewer.id, engine.teamId);
    expect(await asViewer.connection.list()).toEqual([
      { id: made.id, type: "postgres", name: "Warehouse", updatedAt: expect.any(Date) },
    ]);
    await expect(asViewer.connection.get({ connectionId: made.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      asViewer.connection.create({ type: "smtp", name: "x", values: { host: "a" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses bad values with the field named, and writes nothing", async () => {
    const before = await db().connection.count();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...postgres(), port: "5432x" }, /^values\.port: Port must be a number/],
      [{ ...postgres(), host: "bad host;rm" }, /^values\.host: Host must be a host name/],
      [
        { ...postgres(), sslMode: "maybe" },
        /^values\.sslMode: SSL mode must be one of disable, require, verify-full/,
      ],
      [
        { ...postgres(), options: "-c search_path=evil" },
        /^values\.options: PostgreSQL has no field "options"/,
      ],
      [{ host: "db.example.com" }, /^values\.database: Database is required/],
    ];
    for (const [values, message] of cases)
      await expect(
        caller.connection.create({ type: "postgres", name: `Bad ${before}`, values }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
    await expect(
      caller.connection.create({
        type: "http",
        name: "Api",
        values: { baseUrl: "ftp://x", auth: "none" },
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^values\.baseUrl: Base URL must be an http\(s\) URL/),
    });
    await expect(
      caller.connection.create({ type: "ldap" as never, name: "x", values: {} }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      caller.connection.create({ type: "postgres", name: "Warehouse", values: postgres() }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().connection.count()).toBe(before);
  });

  it("tests each type for real, saving nothing, with the exact error when it fails", async () => {
    const test = (type: string, values: Record<string, unknown>) =>
      caller.connection.test({ type: type as never, values });
    expect(await test("postgres", postgres("wrong"))).toEqual({
      ok: false,
      message: expect.stringContaining(
        `password authentication failed for user "${warehouse.user}"`,
      ),
    });
    const mail = {
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      user: "mailer",
      password: "smtp-pw-1234",
    };
    expect(await test("smtp", mail)).toEqual({
      ok: true,
      message: "The mail server accepted the connection and the login",
    });
    expect(await test("smtp", { ...mail, password: "nope" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Invalid login|Invalid username or password/),
    });
    const slackApi = `${engine.apiUrl}/slack`;
    expect(
      await test("slack", {
        mode: "bot",
        token: "xoxb-good-token",
        channel: "#ops",
        apiUrl: slackApi,
      }),
    ).toEqual({ ok: true, message: "Signed in to Acme as weft-bot" });
    expect(
      await test("slack", { mode: "bot", token: "xoxb-bad", channel: "#ops", apiUrl: slackApi }),
    ).toEqual({ ok: false, message: "Slack refused the token: invalid_auth" });
    expect(
      await test("slack", { mode: "webhook", webhookUrl: `${engine.apiUrl}/hooks/good` }),
    ).toEqual({ ok: true, message: "The webhook answered (nothing was posted)" });
    const api = { baseUrl: `${engine.apiUrl}/v1`, auth: "bearer", token: "static-tok-42" };
    expect(await test("http", api)).toEqual({
      ok: true,
      message: `GET ${engine.apiUrl}/v1/ answered 200`,
    });
    expect(await test("http", { ...api, token: "stale" })).toEqual({
      ok: false,
      message: `GET ${engine.apiUrl}/v1/ answered 401: the credentials were refused`,
    });
    const oauth = {
      baseUrl: `${engine.apiUrl}/v1`,
      auth: "oauth2",
      tokenUrl: `${engine.apiUrl}/oauth/token`,
      clientId: "client-1",
      clientSecret: "oauth-secret-77",
    };
    expect(await test("http", oauth)).toMatchObject({ ok: true });
    expect(await test("http", { ...oauth, clientSecret: "wrong" })).toEqual({
      ok: false,
      message: "The token endpoint refused the client (401): invalid_client",
    });
    expect(
      await test("http", { baseUrl: "http://169.254.169.254/latest", auth: "none" }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/refused|not allowed/i) });
    expect(await db().connection.count({ where: { teamId: engine.teamId } })).toBe(1);
  });

  it("blocks use them: SQL, email, Slack and an API with OAuth2, secrets redacted everywhere", async () => {
    const conn = (type: string, name: string, values: Record<string, unknown>) =>
      caller.connection.create({ type: type as never, name, values }).then((c) => c.id);
    const warehouseId = (await caller.connection.list()).find((c) => c.name === "Warehouse")!.id;
    const mailId = await conn("smtp", "Mail", {
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      user: "mailer",
      password: "smtp-pw-1234",
      from: "Weft <weft@example.test>",
    });
    const slackId = await conn("slack", "Ops Slack", {
      mode: "bot",
      token: "xoxb-good-token",
      channel: "#ops",
      apiUrl: `${engine.apiUrl}/slack`,
    });
    const apiId = await conn("http", "Echo API", {
      baseUrl: `${engine.apiUrl}/v1`,
      auth: "oauth2",
      tokenUrl: `${engine.apiUrl}/oauth/token`,
      clientId: "client-1",
      clientSecret: "oauth-secret-77",
      scope: "read",
    });
    const requestsBefore = tokenRequests;
    const document = flowDocument({
      nodes: [
        node("query", {
          block: "sql.query",
          config: {
            connectionId: warehouseId,
            mode: "query",
            query: "SELECT current_user AS who, $1::int + 1 AS n",
            params: [41],
          },
        }),
        node("mail", {
          block: "notify.email",
          config: {
            connectionId: mailId,
            to: "ops@example.test",
            subject: "Loaded",
            text: "{{ nodes.query.output.rows[0].n }} rows",
          },
        }),
        node("slack", {
          block: "notify.slack",
          config: { connectionId: slackId, text: "Loaded {{ nodes.query.output.rows[0].n }}" },
        }),
        node("call", {
          block: "http.request",
          config: {
            connectionId: apiId,
            method: "GET",
            url: "/echo?n={{ nodes.query.output.rows[0].n }}",
          },
        }),
        node("again", {
          block: "http.request",
          config: { connectionId: apiId, method: "GET", url: "echo" },
        }),
      ],
      edges: [
        edge("query", "mail"),
        edge("query", "slack"),
        edge("query", "call"),
        edge("call", "again"),
      ],
    });
    const run = await engine.run(document);
    expect(run.status).toBe("COMPLETED");
    expect(run.node.query!.output).toMatchObject({ rows: [{ who: warehouse.user, n: 42 }] });
    expect(smtp.mails.at(-1)).toMatchObject({
      from: "weft@example.test",
      to: ["ops@example.test"],
    });
    expect(smtp.mails.at(-1)!.data).toContain("42 rows");
    expect(slackPosts.at(-1)).toEqual({
      auth: "Bearer xoxb-good-token",
      channel: "#ops",
      text: "Loaded 42",
    });
    // The echo shows the token the API got; stored, it is redacted. One token for both calls.
    expect(run.node.call!.output).toMatchObject({ status: 200, body: { path: "/v1/echo?n=42" } });
    const stored = JSON.stringify(await db().nodeRun.findMany({ where: { runId: run.id } }));
    for (const secret of [
      "at-5566",
      "oauth-secret-77",
      "smtp-pw-1234",
      "xoxb-good-token",
      warehouse.password,
    ])
      expect(stored).not.toContain(secret);
    expect(tokenRequests - requestsBefore).toBe(1);

    // Its credentials go nowhere but the API: an absolute URL elsewhere is refused.
    const elsewhere = await engine.run(
      flowDocument({
        nodes: [
          node("steal", {
            block: "http.request",
            config: { connectionId: apiId, method: "GET", url: "http://127.0.0.1:9/collect" },
          }),
        ],
        edges: [],
      }),
    );
    expect(elsewhere.node.steal!.error).toMatchObject({
      message: expect.stringContaining("the URL must be a path under"),
    });

    // In use, a connection cannot be deleted; the message names the flows.
    await expect(caller.connection.delete({ connectionId: mailId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/is used by the flows? .*"/),
    });
  });

  it("keeps older flows that name secrets working", async () => {
    await caller.secret.set({
      name: "WAREHOUSE_URL",
      value: `postgresql://${warehouse.user}:${warehouse.password}@127.0.0.1:${proxy.port}/${warehouse.database}`,
    });
    const run = await engine.run(
      flowDocument({
        nodes: [
          node("old", {
            block: "sql.query",
            config: {
              connectionSecret: "WAREHOUSE_URL",
              mode: "query",
              query: "SELECT 7 AS n",
              params: [],
            },
          }),
        ],
        edges: [],
      }),
    );
    expect(run.node.old!.output).toMatchObject({ rows: [{ n: 7 }] });
  });

  it("a deleted connection fails the node clearly; another team's id is not found", async () => {
    const id = (
      await caller.connection.create({
        type: "slack",
        name: "Gone",
        values: { mode: "webhook", webhookUrl: `${engine.apiUrl}/hooks/good` },
      })
    ).id;
    await caller.connection.delete({ connectionId: id });
    const run = await engine.run(
      flowDocument({
        nodes: [node("s", { block: "notify.slack", config: { connectionId: id, text: "hi" } })],
        edges: [],
      }),
    );
    expect(run.node.s!.error).toMatchObject({
      message: "config.connectionId: the connection was deleted: choose another",
    });
    await expect(caller.connection.get({ connectionId: id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
