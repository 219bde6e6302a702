// Attacks through blocks that open connections: a secret's connection string must never become a
// library's options, and every destination passes the one network guard.
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runEmailNotify, runSlackNotify, runWebhookNotify } from "@/server/blocks/notify";
import { ownServiceRefusal, refusal } from "@/server/blocks/network-guard";
import { runSql } from "@/server/blocks/sql";
import { blockContext } from "../blocks/context";

// Where the local Inngest server calls the app (the launcher sets it; read when first used).
const callPort = 18_397;
process.env.INNGEST_SERVE_ORIGIN = `http://127.0.0.1:${callPort}`;

const email = (url: string) =>
  runEmailNotify(
    blockContext(
      { smtpSecret: "SMTP", from: "a@example.test", to: "b@example.test", subject: "x", text: "y" },
      {},
      { SMTP: url },
    ).ctx,
  );
const sql = (url: string) =>
  runSql(blockContext({ connectionSecret: "DB", query: "SELECT 1" }, {}, { DB: url }).ctx);

describe("notify.email: the SMTP secret is parsed, never handed to nodemailer", () => {
  it("refuses the sendmail transport that ran a shell command, and runs nothing", async () => {
    const marker = `/tmp/weft-pwned-${randomBytes(6).toString("hex")}`;
    await expect(
      email(`smtp://x?sendmail=true&path=/bin/sh&args=-c&args=touch%20${marker}`),
    ).rejects.toThrow(/config.smtpSecret: the option "sendmail" is not supported/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    ["sendmail:///usr/sbin/sendmail", /only smtp:\/\/ and smtps:\/\/ URLs/],
    ["smtp://mail.example.test?streamTransport=true", /option "streamTransport"/],
    ["smtp://mail.example.test?jsonTransport=1", /option "jsonTransport"/],
    ["not a url", /config.smtpSecret: the secret is not a URL/],
    ["smtp://169.254.169.254:25", /cloud metadata address/],
  ])("refuses %s", async (url, message) => {
    await expect(email(url)).rejects.toThrow(message);
  });
});

describe("sql.query: the connection string is parsed into host, port, database, user, password, sslmode", () => {
  it.each([
    ["postgresql://u:p@%2Ftmp/db", /is not a host name or IP address/],
    ["postgresql://u:p@db.example.test/db?host=/var/run/postgresql", /option "host"/],
    ["postgresql://u:p@db.example.test/db?sslrootcert=/etc/passwd", /option "sslrootcert"/],
    ["postgresql://u:p@db.example.test/db?sslkey=/etc/shadow", /option "sslkey"/],
    ["postgresql://u:p@db.example.test/db?options=-c%20log_statement=all", /option "options"/],
    ["postgresql://u:p@db.example.test/db?sslmode=bogus", /sslmode must be one of/],
    ["postgresql://u:p@db.example.test", /must name one database/],
    ["mysql://u:p@db.example.test/db", /only postgresql:\/\/ URLs/],
    ["postgresql://u:p@169.254.169.254/db", /cloud metadata address/],
    ["postgresql://u:p@[::ffff:169.254.169.254]/db", /cloud metadata address/],
  ])("refuses %s", async (url, message) => {
    await expect(sql(url)).rejects.toThrow(message);
  });

  it("never reaches Weft's own database, even with private networks allowed", async () => {
    // The embedded server's URL names its Unix socket's directory (`?host=`): refused as an option.
    const own = new URL(process.env.DATABASE_URL!);
    expect(own.searchParams.get("host")).toMatch(/^\//);
    await expect(sql(own.toString())).rejects.toThrow(/option "host"/);
    const socket = new URL(own);
    socket.search = "";
    socket.hostname = encodeURIComponent(own.searchParams.get("host")!);
    await expect(sql(socket.toString())).rejects.toThrow(/is not a host name or IP address/);
    own.search = "";
    await expect(sql(own.toString())).rejects.toThrow(
      /is Weft's own database, which is always refused/,
    );
    own.hostname = "localhost";
    await expect(sql(own.toString())).rejects.toThrow(/Weft's own database/);
  });
});

describe("the one guard covers every protocol", () => {
  it("refuses the embedded IPv4 of NAT64, 6to4 and IPv4-mapped addresses like the address itself", () => {
    expect(refusal("64:ff9b::a9fe:a9fe", true)).toMatch(/169.254.169.254 is a cloud metadata/);
    expect(refusal("2002:a9fe:a9fe::1", true)).toMatch(/cloud metadata/);
    expect(refusal("64:ff9b::7f00:1", false)).toMatch(/127.0.0.1 is on a private network/);
    expect(refusal("2002:0a00:0001::", false)).toMatch(/10.0.0.1 is on a private network/);
    expect(refusal("64:ff9b::5db8:d822", false)).toBeNull();
  });

  it("knows Weft's own services by port on every local address", async () => {
    const port = Number(new URL(process.env.DATABASE_URL!).port);
    expect(await ownServiceRefusal("127.0.0.1", port)).toMatch(/Weft's own database/);
    expect(await ownServiceRefusal("::1", port)).toMatch(/Weft's own database/);
    expect(await ownServiceRefusal("127.0.0.1", port + 1)).toBeNull();
    expect(await ownServiceRefusal("127.0.0.1", callPort)).toMatch(/Weft's own app/);
    expect(await ownServiceRefusal("::1", callPort)).toMatch(/Weft's own app/);
  });

  it("webhook and Slack notifications go through it", async () => {
    await expect(
      runWebhookNotify(blockContext({ url: "http://169.254.169.254/hook" }).ctx),
    ).rejects.toThrow(/cloud metadata/);
    await expect(
      runSlackNotify(
        blockContext({ webhookSecret: "S", text: "x" }, {}, { S: "http://[fe80::1]/x" }).ctx,
      ),
    ).rejects.toThrow(/linkLocal address, which is always refused/);
  });
});
