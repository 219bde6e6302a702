import "server-only";
import nodemailer from "nodemailer";
import { parseSmtpUrl } from "./connection-strings";
import { runHttpRequest } from "./http";
import { resolveGuarded } from "./network-guard";
import { BlockError, type BlockRunner } from "./types";

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
  const secret = String(ctx.config.webhookSecret ?? "");
  if (!secret)
    throw new BlockError(
      "config.webhookSecret: choose the secret that holds the incoming-webhook URL",
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

export const runEmailNotify: BlockRunner = async (ctx) => {
  const secret = String(ctx.config.smtpSecret ?? "");
  if (!secret)
    throw new BlockError("config.smtpSecret: choose the secret that holds the SMTP URL", false);
  const smtp = parseSmtpUrl(ctx.secret(secret), "config.smtpSecret");
  const { address } = await resolveGuarded(smtp.host, smtp.port).catch((error: Error) => {
    throw new BlockError(error.message, false);
  });
  // Only these fields reach nodemailer: an SMTP transport to the checked address, nothing else.
  const transport = nodemailer.createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    tls: { servername: smtp.host },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: Math.max(1_000, Math.min(60_000, ctx.timeLeftMs())),
  });
  try {
    const info = await transport.sendMail({
      from: String(ctx.config.from ?? ""),
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
