import "server-only";
import { slackPost, smtpSettings, smtpTransport } from "../connections/clients";
import { parseSmtpUrl } from "./connection-strings";
import { runHttpRequest } from "./http";
import { BlockError, type BlockContext, type BlockRunner } from "./types";

/** Sends a notification message; the Slack and webhook senders are also used for flow alerts. */
export const runWebhookNotify: BlockRunner = (ctx) =>
  runHttpRequest({
    ...ctx,
    config: {
      method: "POST",
      url: ctx.config.url,
      headers: ctx.config.headers,
      bodyType: "json",
      body: ctx.config.body ?? { text: ctx.config.text ?? "" },
      timeoutSeconds: 30,
    },
  });

export const runSlackNotify: BlockRunner = async (ctx) => {
  const values = await ctx.connection?.("slack");
  if (values) {
    const { status } = await slackPost(values, String(ctx.config.text ?? ""), ctx.signal);
    return { output: { status } };
  }
  const secret = String(ctx.config.webhookSecret ?? "");
  if (!secret)
    throw new BlockError(
      "config.connectionId: choose a Slack connection (or a secret that holds the incoming-webhook URL)",
      false,
    );
  const { output } = await runHttpRequest({
    ...ctx,
    config: {
      method: "POST",
      url: ctx.secret(secret),
      bodyType: "json",
      body: { text: String(ctx.config.text ?? "") },
      responseType: "text",
      timeoutSeconds: 30,
    },
  });
  return { output: { status: (output as { status: number }).status } };
};

/** The mail server: the node's SMTP connection, or (older flows) an SMTP URL secret. */
async function mailServer(ctx: BlockContext) {
  const values = await ctx.connection?.("smtp");
  if (values) return { smtp: smtpSettings(values), from: String(values.from ?? "") };
  const secret = String(ctx.config.smtpSecret ?? "");
  if (!secret)
    throw new BlockError(
      "config.connectionId: choose an SMTP connection (or a secret that holds an SMTP URL)",
      false,
    );
  return { smtp: parseSmtpUrl(ctx.secret(secret), "config.smtpSecret"), from: "" };
}

export const runEmailNotify: BlockRunner = async (ctx) => {
  const { smtp, from: sender } = await mailServer(ctx);
  const from = String(ctx.config.from || sender);
  if (!from) throw new BlockError("config.from: say who the email is from", false);
  const transport = await smtpTransport(smtp, ctx.timeLeftMs());
  try {
    const info = await transport.sendMail({
      from,
      to: String(ctx.config.to ?? ""),
      subject: String(ctx.config.subject ?? ""),
      text: String(ctx.config.text ?? ""),
    });
    ctx.log("info", `Sent to ${info.accepted.join(", ")}`);
    return {
      output: { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected },
    };
  } catch (error) {
    throw new BlockError(`Sending the email failed: ${(error as Error).message}`);
  } finally {
    transport.close();
  }
};
