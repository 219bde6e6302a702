// Zero 5xx for any input: every tRPC procedure, REST endpoint and the webhook route, fed hostile
// values (deep nesting, NUL and broken Unicode, huge strings, wrong types, bad ids), answers 4xx
// and writes nothing.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as hookRoute from "@/app/api/hooks/[token]/route";
import * as flowRoute from "@/app/api/v1/flows/[id]/route";
import * as startRoute from "@/app/api/v1/flows/[id]/runs/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import * as cancelRoute from "@/app/api/v1/runs/[id]/cancel/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db/client";
import { createTeamWithOwner, type callerFor } from "../../factories";

let deep: unknown = "leaf";
for (let i = 0; i < 5_000; i++) deep = { a: deep };
const deepText = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;

/** Values that have broken something somewhere once. */
const HOSTILE: unknown[] = [
  null,
  42,
  -1.5e308,
  true,
  [],
  ["x"],
  "",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x".repeat(300_000),
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  deep,
];

/** An input object with `value` in every field a procedure might read. */
const everywhere = (value: unknown) =>
  Object.fromEntries(
    [
      "name",
      "email",
      "password",
      "flowId",
      "runId",
      "nodeId",
      "teamId",
      "membershipId",
      "role",
      "invitationId",
      "token",
      "keyId",
      "webhookId",
      "scheduleId",
      "notificationId",
      "document",
      "baseVersion",
      "number",
      "parameters",
      "cursor",
      "limit",
      "status",
      "trigger",
      "value",
      "kind",
      "cron",
      "timezone",
      "intervalMinutes",
      "anchor",
      "target",
      "approved",
      "comment",
      "since",
      "until",
      "fromRunId",
      "lastEventId",
      "message",
      "force",
      "paused",
      "expiresInDays",
    ].map((key) => [key, value]),
  );

async function tableCounts() {
  const prisma = db();
  const counts = await Promise.all([
    prisma.user.count(),
    prisma.team.count(),
    prisma.membership.count(),
    prisma.invitation.count(),
    prisma.flow.count(),
    prisma.flowVersion.count(),
    prisma.run.count(),
    prisma.secret.count(),
    prisma.apiKey.count(),
    prisma.webhook.count(),
    prisma.schedule.count(),
    prisma.flowNotification.count(),
  ]);
  return counts;
}

describe("zero 5xx for any input", () => {
  let caller: ReturnType<typeof callerFor>;
  let key = "";

  beforeAll(async () => {
    const owner = await createTeamWithOwner("Fuzzed");
    caller = owner.caller;
    key = (await caller.apiKey.create({ name: "fuzz" })).key;
    await caller.flow.create({ name: "Target" });
  });

  const procedures = Object.keys(appRouter._def.procedures).sort();

  it.each(procedures)("tRPC %s answers 4xx to hostile input and writes nothing", async (path) => {
    const before = await tableCounts();
    const [namespace, name] = path.split(".") as [string, string];
    const procedure = (
      caller as unknown as Record<string, Record<string, (input: unknown) => unknown>>
    )[namespace]![name]!;
    const inputs = [...HOSTILE, ...HOSTILE.map(everywhere)];
    for (const [index, input] of inputs.entries()) {
      try {
        const result = await procedure(input);
        // A subscription hands back a stream: reading it must not crash either.
        if (result && typeof result === "object" && Symbol.asyncIterator in result)
          for await (const _ of result as AsyncIterable<unknown>) break;
      } catch (error) {
        expect(error, `${path} with input #${index}: ${String(error)}`).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code, `${path}: ${(error as Error).message}`).not.toBe(
          "INTERNAL_SERVER_ERROR",
        );
      }
    }
    // Reads (and no-input procedures like team.list) may answer; nothing hostile may be stored.
    if (!["team.create", "auth.signUp"].includes(path)) expect(await tableCounts()).toEqual(before);
  });

  type Route = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;
  const routes: [string, string, Route, string[]][] = [
    ["GET", "/flows", flowsRoute.GET as Route, []],
    ["POST", "/flows", flowsRoute.POST as Route, []],
    ["GET", "/flows/{id}", flowRoute.GET as Route, ["id"]],
    ["PUT", "/flows/{id}", flowRoute.PUT as Route, ["id"]],
    ["POST", "/flows/{id}/runs", startRoute.POST as Route, ["id"]],
    ["GET", "/runs", runsRoute.GET as Route, []],
    ["GET", "/runs/{id}", runRoute.GET as Route, ["id"]],
    ["POST", "/runs/{id}/cancel", cancelRoute.POST as Route, ["id"]],
  ];

  it.each(routes)(
    "REST %s %s answers 4xx to hostile input and writes nothing",
    async (method, path, handler, params) => {
      const before = await tableCounts();
      // (The deep object goes as text: JSON.stringify itself would overflow on it.)
      const shallow = HOSTILE.filter((value) => value !== deep);
      const bodies = [
        ...shallow.map((value) => JSON.stringify(value) ?? "null"),
        ...shallow.map((value) => JSON.stringify(everywhere(value))),
        deepText,
        `{"name": "x", "nodes": ${deepText}, "parameters": ${deepText}}`,
        "{ not json",
        "\u0000",
      ];
      const ids = ["%C3%28", "\u0000", "x".repeat(10_000), "../runs", ""];
      for (const body of bodies)
        for (const id of ids.slice(0, params.length ? ids.length : 1)) {
          const url = new URL(`http://weft.test/api/v1${path.replace("{id}", "x")}`);
          url.searchParams.set("status", String(body).slice(0, 50));
          url.searchParams.set("flowId", id);
          url.searchParams.set("since", body.slice(0, 20));
          const reply = await handler(
            new Request(url, {
              method,
              headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
              body: method === "GET" ? undefined : body,
            }),
            {
              params: Promise.resolve(
                Object.fromEntries(params.map((p) => [p, id])),
              ) as Promise<never>,
            },
          );
          expect(
            reply.status,
            `${method} ${path} id=${id.slice(0, 20)} body=${body.slice(0, 60)}`,
          ).toBeLessThan(500);
          if (method !== "GET") expect(reply.status).toBeGreaterThanOrEqual(400);
        }
      expect(await tableCounts()).toEqual(before);
    },
  );

  it("the webhook route answers 4xx to hostile tokens and bodies", async () => {
    const before = await tableCounts();
    for (const token of ["%C3%28", "\u0000", "x".repeat(10_000), ""])
      for (const body of [deepText, "{ not json", "\u0000", `{"a": ${deepText}}`]) {
        const reply = await hookRoute.POST(
          new Request("http://weft.test/api/hooks/x", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
          { params: Promise.resolve({ token }) },
        );
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
      }
    expect(await tableCounts()).toEqual(before);
  });
});
