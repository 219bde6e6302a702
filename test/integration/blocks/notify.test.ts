import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmailNotify, runSlackNotify, runWebhookNotify } from "@/server/blocks/notify";
import { blockContext } from "./context";
import { startSmtpStandIn } from "../../support/smtp";

const received: { url: string; body: string }[] = [];
const http = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ url: req.url!, body });
    res.writeHead(req.url === "/fail" ? 500 : 200).end("ok");
  });
});
let httpUrl = "";
let smtpPort = 0;
let smtp: Awaited<ReturnType<typeof startSmtpStandIn>>;
beforeAll(async () => {
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  smtp = await startSmtpStandIn();
  smtpPort = smtp.port;
});
afterAll(async () => {
  http.close();
  await smtp.close();
});

describe("notify blocks", () => {
  it("notify.webhook POSTs its JSON body", async () => {
    await runWebhookNotify(
      blockContext({ url: `${httpUrl}/hook`, body: { text: "Run failed", run: "r1" } }).ctx,
    );
    expect(received.at(-1)).toEqual({ url: "/hook", body: '{"text":"Run failed","run":"r1"}' });
    await expect(runWebhookNotify(blockContext({ url: `${httpUrl}/fail` }).ctx)).rejects.toThrow(
      /HTTP 500/,
    );
  });

  it("notify.slack posts text to the incoming-webhook URL kept in a secret", async () => {
    const { ctx } = blockContext(
      { webhookSecret: "SLACK_URL", text: "Deploy done" },
      {},
      { SLACK_URL: `${httpUrl}/services/T0123/B0456/abcdef123456` },
    );
    expect((await runSlackNotify(ctx)).output).toEqual({ status: 200 });
    expect(received.at(-1)).toEqual({
      url: "/services/T0123/B0456/abcdef123456",
      body: '{"text":"Deploy done"}',
    });
    await expect(runSlackNotify(blockContext({ text: "x" }).ctx)).rejects.toThrow(
      /config.connectionId: choose a Slack connection/,
    );
  });

  it("notify.email sends over SMTP from a secret URL", async () => {
    const { ctx } = blockContext(
      {
        smtpSecret: "SMTP_URL",
        from: "weft@example.test",
        to: "ops@example.test",
        subject: "Run failed",
        text: "See the run.",
      },
      {},
      { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    );
    const { output } = await runEmailNotify(ctx);
    expect(output).toMatchObject({ accepted: ["ops@example.test"], rejected: [] });
    expect(smtp.mails.at(-1)).toMatchObject({
      from: "weft@example.test",
      to: ["ops@example.test"],
    });
    expect(smtp.mails.at(-1)!.data).toMatch(/Subject: Run failed[\s\S]*See the run\./);
  });

  it("notify.email names an unreachable server", async () => {
    const { ctx } = blockContext(
      { smtpSecret: "SMTP_URL", from: "a@example.test", to: "b@example.test", subject: "x" },
      {},
      { SMTP_URL: "smtp://127.0.0.1:1" },
    );
    await expect(runEmailNotify(ctx)).rejects.toThrow(/Sending the email failed: .*ECONNREFUSED/);
  });
});
