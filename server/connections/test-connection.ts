import "server-only";
import type { ConnectionTypeId } from "@/lib/connections/types";
import { testConnectionInput } from "@/lib/schemas/connection";
import { db } from "../db/client";
import { notFound } from "../errors";
import { unseal } from "../secrets/crypto";
import {
  apiUrl,
  httpAuthHeaders,
  openPostgres,
  postgresSettings,
  requestJson,
  s3Request,
  smtpSettings,
  smtpTransport,
  type Values,
} from "./clients";
import { parseValues } from "./connections";

const TIME_LIMIT_MS = 10_000;

type Outcome = { ok: boolean; message: string };

async function probe(type: ConnectionTypeId, values: Values, signal: AbortSignal): Promise<string> {
  switch (type) {
    case "postgres": {
      const client = await openPostgres(postgresSettings(values), { statementTimeoutMs: 5_000 });
      try {
        const { rows } = await client.query<{ user: string; db: string; version: string }>(
          "SELECT current_user AS user, current_database() AS db, current_setting('server_version') AS version",
        );
        const row = rows[0]!;
        return `Connected to "${row.db}" as ${row.user} (PostgreSQL ${row.version})`;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    case "smtp": {
      const transport = await smtpTransport(smtpSettings(values), 10_000);
      try {
        await transport.verify();
        return `The mail server accepted the connection${values.user ? " and the login" : ""}`;
      } finally {
        transport.close();
      }
    }
    case "slack": {
      if (values.mode === "bot") {
        const api = String(values.apiUrl || "https://slack.com/api").replace(/\/$/, "");
        const answer = await requestJson(new URL(`${api}/auth.test`), {
          method: "POST",
          headers: { authorization: `Bearer ${String(values.token)}` },
          signal,
        });
        const reply = answer.body as { ok?: boolean; error?: string; user?: string; team?: string };
        if (!reply?.ok)
          throw new Error(`Slack refused the token: ${reply?.error ?? answer.status}`);
        return `Signed in to ${reply.team ?? "Slack"} as ${reply.user ?? "the bot"}`;
      }
      // An empty message: a live webhook refuses it (400 no_text) without posting anything.
      const answer = await requestJson(new URL(String(values.webhookUrl)), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        signal,
      });
      if (answer.status < 300 || /no_text|invalid_payload|missing_text/.test(answer.text))
        return "The webhook answered (nothing was posted)";
      throw new Error(`The webhook answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    }
    case "http": {
      const url = apiUrl(values, "", "baseUrl");
      const answer = await requestJson(url, {
        method: "GET",
        headers: {
          accept: "application/json, */*",
          ...(await httpAuthHeaders(values, signal)).headers,
        },
        signal,
      });
      if (answer.status === 401 || answer.status === 403)
        throw new Error(`GET ${url.href} answered ${answer.status}: the credentials were refused`);
      if (answer.status >= 500) throw new Error(`GET ${url.href} answered ${answer.status}`);
      return `GET ${url.href} answered ${answer.status}`;
    }
    case "s3": {
      // HEAD on the bucket: what SDKs ask to check access (it needs the list permission).
      const response = await s3Request(values, { method: "HEAD", signal });
      if (response.status === 200) return `Reached the bucket "${String(values.bucket)}"`;
      const why: Record<number, string> = {
        301: "the bucket is in another region",
        403: "AccessDenied: the keys were refused, or they may not list this bucket",
        404: "NoSuchBucket: the bucket does not exist",
      };
      throw new Error(why[response.status] ?? `HTTP ${response.status}`);
    }
  }
}

/**
 * Connects with the form's values, without saving them: success says what answered, failure the
 * exact error. Secrets left empty are the saved connection's (when editing one).
 */
export async function testConnection(teamId: string, raw: unknown): Promise<Outcome> {
  const input = testConnectionInput.parse(raw);
  let saved: Record<string, string> = {};
  if (input.connectionId) {
    const row = await db().connection.findFirst({
      where: { id: input.connectionId, teamId, type: input.type },
      select: { sealed: true },
    });
    if (!row) throw notFound("Connection");
    saved = JSON.parse(unseal(row.sealed)) as Record<string, string>;
  }
  const given = Object.fromEntries(Object.entries(input.values).filter(([, v]) => v !== ""));
  const { settings, secrets } = parseValues(input.type, given, new Set(Object.keys(saved)));
  const values = { ...settings, ...saved, ...secrets };
  const signal = AbortSignal.timeout(TIME_LIMIT_MS);
  try {
    return { ok: true, message: await probe(input.type, values, signal) };
  } catch (error) {
    const message = signal.aborted
      ? `No answer within ${TIME_LIMIT_MS / 1000} s`
      : (error as Error).message;
    return { ok: false, message };
  }
}
