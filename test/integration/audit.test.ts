// The audit log: every team mutation recorded with who, what and from where; owners read it.
import { describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import { emptyDocument } from "@/lib/flow/document";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db/client";
import { addMember, createTeamWithOwner } from "../factories";

type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;
const call = async (handler: Handler, key: string, path: string, body?: unknown) => {
  const response = await handler(
    new Request(`http://weft.test/api/v1${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${key}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    // As Next.js calls a route without dynamic segments: no params at all.
    {} as { params: Promise<never> },
  );
  return { status: response.status, json: await response.json() };
};

describe("audit log", () => {
  it("records who did what from where, never secret values; owners read and filter it", async () => {
    const { caller, team, owner } = await createTeamWithOwner("Audited");
    const editor = await addMember(caller, team.id, "EDITOR");
    const flow = await editor.caller.flow.create({ name: "Payroll" });
    await editor.caller.flow.save({
      flowId: flow.id,
      document: emptyDocument("Payroll"),
      baseVersion: 1,
      message: "first cut",
    });
    await editor.caller.secret.set({ name: "BANK_TOKEN", value: "tok-very-secret-123" });
    const members = await caller.team.members();
    const membership = members.find((m) => m.user.id === editor.user.id)!;
    await caller.team.changeRole({ membershipId: membership.id, role: "VIEWER" });
    // Reads, draft tests and pins are not changes.
    await caller.flow.list();
    await caller.flow.pin({ flowId: flow.id, nodeId: "a", output: 1 });

    const { entries } = await caller.audit.list({ limit: 100 });
    expect(entries.map((e) => [e.action, e.actorName, e.source])).toEqual([
      ["team.changeRole", owner.name, "UI"],
      ["secret.set", editor.user.name, "UI"],
      ["flow.save", editor.user.name, "UI"],
      ["flow.create", editor.user.name, "UI"],
      ["team.join", editor.user.name, "UI"],
      ["invitation.create", owner.name, "UI"],
    ]);
    expect(entries[1]!.details).toEqual({ name: "BANK_TOKEN" });
    expect(entries[2]).toMatchObject({
      flowId: flow.id,
      details: { flowId: flow.id, message: "first cut" },
    });
    expect(entries[3]).toMatchObject({
      flowId: flow.id,
      details: { name: "Payroll", id: flow.id },
    });
    expect(JSON.stringify(entries)).not.toContain("tok-very-secret");

    // Filters: who, what, flow, time.
    const only = async (input: Parameters<typeof caller.audit.list>[0]) =>
      (await caller.audit.list(input)).entries.map((e) => e.action);
    expect(await only({ actorId: owner.id })).toEqual(["team.changeRole", "invitation.create"]);
    expect(await only({ area: "flow" })).toEqual(["flow.save", "flow.create"]);
    expect(await only({ flowId: flow.id })).toEqual(["flow.save", "flow.create"]);
    expect(await only({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    await expect(
      caller.audit.list({ since: new Date(), until: new Date(Date.now() - 1000) }),
    ).rejects.toThrow(/since must be before until/);
    const page = await caller.audit.list({ limit: 2 });
    expect(page.entries).toHaveLength(2);
    const next = await caller.audit.list({ limit: 10, cursor: page.nextCursor! });
    expect(next.entries[0]!.action).toBe("flow.save");

    // Only owners read it; another team's owner sees none of it.
    await expect(editor.caller.audit.list({})).rejects.toThrow(/owner role/);
    const other = await createTeamWithOwner("Other");
    expect((await other.caller.audit.list({})).entries.map((e) => e.action)).toEqual([]);
    await expect(other.caller.audit.list({ cursor: entries[0]!.id })).rejects.toThrow(/cursor/);
    // Nothing in the app edits or deletes entries: the router has only `list`.
    expect(
      Object.keys(appRouter._def.procedures).filter((path) => path.startsWith("audit.")),
    ).toEqual(["audit.list"]);
  });

  it("records changes made with an API key; GET /api/v1/audit is for owners' keys", async () => {
    const { caller, team } = await createTeamWithOwner("Keys");
    const ownerKey = (await caller.apiKey.create({ name: "Owner CI" })).key;
    const editor = await addMember(caller, team.id, "EDITOR");
    const editorKey = (await editor.caller.apiKey.create({ name: "Editor CI" })).key;
    const created = await call(
      flowsRoute.POST as Handler,
      editorKey,
      "/flows",
      emptyDocument("Via API"),
    );
    expect(created.status).toBe(201);
    const refused = await call(auditRoute.GET as Handler, editorKey, "/audit");
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/owners/);
    const listed = await call(auditRoute.GET as Handler, ownerKey, "/audit?area=flow");
    expect(listed.status).toBe(200);
    expect(listed.json.entries).toEqual([
      expect.objectContaining({
        action: "flow.create",
        source: "api_key",
        actorName: editor.user.name,
        flowId: created.json.id,
      }),
    ]);
    const keyIds = await db().apiKey.findMany({ where: { teamId: team.id }, select: { id: true } });
    expect(keyIds.map((k) => k.id)).toContain(listed.json.entries[0].details.apiKeyId);
    const bad = await call(auditRoute.GET as Handler, ownerKey, "/audit?area=everything");
    expect(bad.status).toBe(422);
    expect(bad.json.error.field).toBe("area");
  });
});
