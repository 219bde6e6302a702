// Every starter template saves without problems and runs end to end, against loopback stand-ins
// for the outside world: an HTTP API and Slack, an SMTP server, a PostgreSQL reached as a warehouse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProblems } from "@/lib/flow/problems";
import { TEMPLATES } from "@/lib/templates";
import { db } from "@/server/db/client";
import { getVersion } from "@/server/flows/versions";
import { createFromTemplate } from "@/server/flows/templates";
import { decideApproval } from "@/server/runs/decide-approval";
import { setSecret } from "@/server/secrets/secrets";
import { startSmtpStandIn } from "../support/smtp";
import { databaseThroughProxy } from "../support/tcp-proxy";
import { startEngine } from "./engine/engine-harness";
import { eventually } from "./local-inngest/harness";

describe("starter templates", async () => {
  const engine = await startEngine();
  const posted: Record<string, unknown[]> = { slack: [], alerts: [] };
  engine.route("/api", (_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"items":[1,2]}'),
  );
  engine.route("/health", (_req, res) => res.writeHead(200).end("ok"));
  engine.route("/down", (_req, res) => res.writeHead(503).end("down"));
  for (const name of ["slack", "alerts"])
    engine.route(`/${name}`, (_req, res, body) => {
      posted[name]!.push(JSON.parse(body));
      res.writeHead(200).end("ok");
    });

  const smtp = await startSmtpStandIn();
  const mails = smtp.mails;
  beforeAll(async () => {
    const smtpPort = smtp.port;
    // The test database, reached through a loopback forwarder: Weft's own database is refused.
    const { url: warehouse } = await databaseThroughProxy();
    const secrets = {
      SLACK_WEBHOOK_URL: `${engine.apiUrl}/slack`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      REPORT_DATABASE_URL: warehouse.toString(),
    };
    for (const [name, value] of Object.entries(secrets))
      await setSecret(engine.teamId, engine.userId, { name, value });
  });
  afterAll(() => smtp.close());

  /** Creates the template's flow and runs it with `parameters`; returns the ended run. */
  async function run(templateId: string, parameters: Record<string, unknown> = {}) {
    const flow = await createFromTemplate(engine.teamId, engine.userId, templateId);
    const { id } = await engine.start(flow.id, parameters);
    return { flowId: flow.id, runId: id, ended: () => engine.finished(id, { fastForward: true }) };
  }

  it("are at least six, each saved without problems (helpers too), secrets named", async () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(6);
    for (const template of TEMPLATES) {
      const flow = await createFromTemplate(engine.teamId, engine.userId, template.id);
      const { document } = await getVersion(engine.teamId, flow.id);
      expect(findProblems(document), template.id).toEqual([]);
      for (const helper of Object.values(template.helpers))
        expect(findProblems(helper), `${template.id} helper`).toEqual([]);
      const named = new Set(
        document.nodes.flatMap((node) =>
          Object.entries(node.config)
            .filter(([key]) => key.endsWith("Secret"))
            .map(([, value]) => value),
        ),
      );
      expect([...named].sort(), template.id).toEqual([...template.secrets].sort());
    }
    await expect(createFromTemplate(engine.teamId, engine.userId, "nope")).rejects.toThrow(
      'No template "nope"',
    );
  });

  it("HTTP API to Slack posts the API's answer", async () => {
    const { ended } = await run("api-to-slack", { url: `${engine.apiUrl}/api` });
    expect((await ended()).status).toBe("COMPLETED");
    expect(posted.slack!.at(-1)).toEqual({
      text: `HTTP 200 from ${engine.apiUrl}/api: {"items":[1,2]}`,
    });
  });

  it("the nightly SQL report emails the rows as CSV, and its schedule starts paused", async () => {
    const { flowId, ended } = await run("nightly-sql-report", { to: "ops@example.test" });
    const finished = await ended();
    expect(finished.status, JSON.stringify(finished.nodes.map((n) => n.error))).toBe("COMPLETED");
    const mail = mails.find((m) => m.to.includes("ops@example.test"))!;
    expect(mail.data).toMatch(/Subject: Nightly report: \d+ rows/);
    expect(mail.data).toContain("table_name,table_type");
    expect(mail.data).toContain("FlowVersion,BASE TABLE");
    const schedule = await db().schedule.findFirstOrThrow({ where: { flowId } });
    expect(schedule).toMatchObject({ cron: "0 2 * * *", paused: true });
  });

  it("webhook, approval, email: the approved request is emailed on", async () => {
    const { runId, ended } = await run("webhook-approval-email", {
      body: { order: 42 },
      to: "orders@example.test",
    });
    await eventually(() =>
      db().nodeRun.findFirst({ where: { runId, nodeId: "approve", status: "RUNNING" } }),
    );
    await decideApproval(
      engine.teamId,
      engine.userId,
      { runId, nodeId: "approve", approved: true },
      engine.harness.client,
    );
    const finished = await ended();
    expect(finished.status).toBe("COMPLETED");
    expect(finished.node.rejected!.status).toBe("SKIPPED");
    const mail = mails.find((m) => m.to.includes("orders@example.test"))!;
    expect(mail.data).toContain('{"order":42}');
  });

  it("for each item, a subflow: every item processed by the helper flow", async () => {
    const { ended } = await run("for-each-subflow");
    const finished = await ended();
    expect(finished.status).toBe("COMPLETED");
    expect(finished.node.gather!.output).toEqual({
      count: 4,
      results: [1, 2, 3, 4].map((item) => ({ item, doubled: item * 2 })),
    });
  });

  it("a flaky API is retried, then the error route posts an alert", async () => {
    const { ended } = await run("retry-flaky-api", {
      url: `${engine.apiUrl}/down`,
      alertUrl: `${engine.apiUrl}/alerts`,
    });
    const finished = await ended();
    expect(finished.status).toBe("COMPLETED");
    expect(finished.node.call!).toMatchObject({ status: "FAILED", attempts: 4 });
    expect(finished.node.use!.status).toBe("SKIPPED");
    expect(posted.alerts!.at(-1)).toEqual({
      text: expect.stringMatching(/^The API failed after 4 attempts: HTTP 503 from GET/),
    });
  });

  it("the health check is quiet when healthy and tells Slack when not", async () => {
    const healthy = await (await run("health-check", { url: `${engine.apiUrl}/health` })).ended();
    expect(healthy.node.healthy!.output).toEqual({ healthy: true, status: 200 });
    expect(healthy.node.tell!.status).toBe("SKIPPED");
    const before = posted.slack!.length;
    const sick = await (await run("health-check", { url: `${engine.apiUrl}/down` })).ended();
    expect(sick.status).toBe("COMPLETED");
    expect(posted.slack!.length).toBe(before + 1);
    expect(posted.slack!.at(-1)).toEqual({
      text: expect.stringContaining(`Health check failed for ${engine.apiUrl}/down: HTTP 503`),
    });
  });
});
