// Every procedure, table-driven: a member of team A reaches nothing of team B. A procedure added to
// the router must join one of the tables below, or the completeness test fails.
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { emptyDocument } from "@/lib/flow/document";
import { db } from "@/server/db/client";
import { addMember, callerFor, createTeamWithOwner, storedRun } from "../factories";

type Caller = ReturnType<typeof callerFor>;
interface TeamB {
  teamId: string;
  membershipId: string;
  invitationId: string;
  flowId: string;
  runId: string;
  apiKeyId: string;
  webhookId: string;
  scheduleId: string;
  notificationId: string;
  connectionId: string;
}

/** Procedures on one flow, by id. */
const flowById: Record<string, (caller: Caller, b: TeamB) => Promise<unknown>> = {
  "flow.update": (c, b) => c.flow.update({ flowId: b.flowId, name: "Renamed" }),
  "flow.duplicate": (c, b) => c.flow.duplicate({ flowId: b.flowId }),
  "flow.delete": (c, b) => c.flow.delete({ flowId: b.flowId }),
  "flow.version": (c, b) => c.flow.version({ flowId: b.flowId }),
  "flow.versions": (c, b) => c.flow.versions({ flowId: b.flowId }),
  "flow.save": (c, b) =>
    c.flow.save({ flowId: b.flowId, document: emptyDocument("Mine"), baseVersion: 1 }),
  "flow.restore": (c, b) => c.flow.restore({ flowId: b.flowId, number: 1 }),
  "run.start": (c, b) => c.run.start({ flowId: b.flowId }),
  "notification.list": (c, b) => c.notification.list({ flowId: b.flowId }),
  "notification.create": (c, b) =>
    c.notification.create({
      flowId: b.flowId,
      target: { channel: "WEBHOOK", url: "https://example.test/hook" },
    }),
  "notification.delete": (c, b) => c.notification.delete({ notificationId: b.notificationId }),
  "schedule.create": (c, b) =>
    c.schedule.create({ kind: "CRON", flowId: b.flowId, cron: "0 * * * *", timezone: "UTC" }),
  "schedule.setPaused": (c, b) => c.schedule.setPaused({ scheduleId: b.scheduleId, paused: true }),
  "schedule.delete": (c, b) => c.schedule.delete({ scheduleId: b.scheduleId }),
  "schedule.update": (c, b) =>
    c.schedule.update({
      scheduleId: b.scheduleId,
      schedule: { kind: "CRON", flowId: b.flowId, cron: "* * * * *", timezone: "UTC" },
    }),
  "webhook.list": (c, b) => c.webhook.list({ flowId: b.flowId }),
  "webhook.create": (c, b) => c.webhook.create({ flowId: b.flowId, name: "Sneaky" }),
  "webhook.rotate": (c, b) => c.webhook.rotate({ webhookId: b.webhookId }),
  "webhook.revoke": (c, b) => c.webhook.revoke({ webhookId: b.webhookId }),
  "flow.sample": (c, b) => c.flow.sample({ flowId: b.flowId }),
  "flow.publish": (c, b) => c.flow.publish({ flowId: b.flowId, name: "Stolen block" }),
  "flow.unpublish": (c, b) => c.flow.unpublish({ flowId: b.flowId }),
  "flow.pins": (c, b) => c.flow.pins({ flowId: b.flowId }),
  "flow.pin": (c, b) => c.flow.pin({ flowId: b.flowId, nodeId: "a", output: { stolen: false } }),
  "flow.unpin": (c, b) => c.flow.unpin({ flowId: b.flowId, nodeId: "a" }),
  "run.test": (c, b) => c.run.test({ flowId: b.flowId, document: emptyDocument("Mine") }),
  "run.runNode": (c, b) => c.run.runNode({ flowId: b.flowId, nodeId: "a", fromRunId: b.runId }),
  "run.get": (c, b) => c.run.get({ runId: b.runId }),
  "run.node": (c, b) => c.run.node({ runId: b.runId, nodeId: "a" }),
  "run.stats": (c, b) => c.run.stats({ flowId: b.flowId }),
  "run.events": async (c, b) => {
    for await (const event of await c.run.events({ runId: b.runId })) return event;
  },
  "run.cancel": (c, b) => c.run.cancel({ runId: b.runId }),
  "run.decide": (c, b) => c.run.decide({ runId: b.runId, nodeId: "a", approved: true }),
  "run.rerunFromFailure": (c, b) => c.run.rerunFromFailure({ runId: b.runId }),
};

/** Procedures on the current team's data: called in team B by an outsider, they must say NOT_FOUND. */
const teamScoped: Record<string, (caller: Caller, b: TeamB) => Promise<unknown>> = {
  "team.current": (c) => c.team.current(),
  "team.rename": (c) => c.team.rename({ name: "Taken over" }),
  "team.members": (c) => c.team.members(),
  "team.changeRole": (c, b) => c.team.changeRole({ membershipId: b.membershipId, role: "OWNER" }),
  "team.removeMember": (c, b) => c.team.removeMember({ membershipId: b.membershipId }),
  "team.leave": (c) => c.team.leave(),
  "invitation.create": (c) => c.invitation.create({ role: "OWNER", expiresInDays: 1 }),
  "invitation.list": (c) => c.invitation.list(),
  "invitation.revoke": (c, b) => c.invitation.revoke({ invitationId: b.invitationId }),
  "audit.list": (c) => c.audit.list({}),
  "connection.list": (c) => c.connection.list(),
  "flow.blocks": (c) => c.flow.blocks(),
  "connection.create": (c) =>
    c.connection.create({ type: "smtp", name: "Sneaky", values: { host: "mail.test" } }),
  "connection.test": (c) => c.connection.test({ type: "smtp", values: { host: "mail.test" } }),
  "code.check": (c) => c.code.check({ code: "return 1", declarations: "export {};" }),
  "code.hover": (c) => c.code.hover({ code: "return 1", declarations: "export {};", offset: 0 }),
  "code.complete": (c) =>
    c.code.complete({ code: "return 1", declarations: "export {};", offset: 0 }),
  "flow.list": (c) => c.flow.list(),
  "flow.activity": (c) => c.flow.activity(),
  "flow.create": (c) => c.flow.create({ name: "Sneaky" }),
  "flow.import": (c) => c.flow.import({ document: emptyDocument("Sneaky") }),
  "flow.fromTemplate": (c) => c.flow.fromTemplate({ templateId: "api-to-slack" }),
  "secret.list": (c) => c.secret.list(),
  "secret.set": (c) => c.secret.set({ name: "STOLEN", value: "x" }),
  "secret.delete": (c) => c.secret.delete({ name: "B_SECRET" }),
  "run.list": (c) => c.run.list({}),
  "schedule.list": (c) => c.schedule.list({}),
  "apiKey.list": (c) => c.apiKey.list(),
  "apiKey.create": (c) => c.apiKey.create({ name: "Sneaky" }),
  "apiKey.revoke": (c, b) => c.apiKey.revoke({ keyId: b.apiKeyId }),
  ...flowById,
};

/** Procedures that take a team B id or resource id while acting in the caller's own team A. */
const crossTeamIds: Record<string, (caller: Caller, b: TeamB) => Promise<unknown>> = {
  ...flowById,
  "connection.get": (c, b) => c.connection.get({ connectionId: b.connectionId }),
  "connection.update": (c, b) =>
    c.connection.update({ connectionId: b.connectionId, name: "Taken over" }),
  "connection.delete": (c, b) => c.connection.delete({ connectionId: b.connectionId }),
  "connection.test (with its secrets)": (c, b) =>
    c.connection.test({ type: "postgres", values: {}, connectionId: b.connectionId }),
  "team.switch": (c, b) => c.team.switch({ teamId: b.teamId }),
  "secret.delete": (c) => c.secret.delete({ name: "B_SECRET" }),
  "team.changeRole": (c, b) => c.team.changeRole({ membershipId: b.membershipId, role: "VIEWER" }),
  "team.removeMember": (c, b) => c.team.removeMember({ membershipId: b.membershipId }),
  "invitation.revoke": (c, b) => c.invitation.revoke({ invitationId: b.invitationId }),
  "apiKey.revoke": (c, b) => c.apiKey.revoke({ keyId: b.apiKeyId }),
};

/** Procedures with no team scope, and why. */
const unscoped: Record<string, string> = {
  "auth.signUp": "public: creates a new user",
  "team.list": "lists the caller's own memberships only",
  "team.create": "creates a new team owned by the caller",
  "invitation.preview": "the secret token is the authorization",
  "invitation.accept": "the secret token is the authorization",
};

describe("authorization across teams", () => {
  let outsiderInA: Caller;
  let outsiderId: string;
  let b: TeamB;

  beforeAll(async () => {
    const a = await createTeamWithOwner("Team A");
    outsiderId = a.owner.id;
    outsiderInA = a.caller;
    const teamB = await createTeamWithOwner("Team B");
    const { user } = await addMember(teamB.caller, teamB.team.id, "EDITOR");
    const membership = await db().membership.findFirstOrThrow({
      where: { teamId: teamB.team.id, userId: user.id },
    });
    const invitation = await teamB.caller.invitation.create({ role: "VIEWER", expiresInDays: 1 });
    const flow = await teamB.caller.flow.create({ name: "Team B's flow" });
    await teamB.caller.secret.set({ name: "B_SECRET", value: "team b only" });
    const run = await storedRun(teamB.team.id, flow.id, { trigger: "MANUAL", status: "FAILED" });
    b = {
      teamId: teamB.team.id,
      membershipId: membership.id,
      invitationId: invitation.id,
      flowId: flow.id,
      runId: run.id,
      apiKeyId: (await teamB.caller.apiKey.create({ name: "B" })).id,
      webhookId: (await teamB.caller.webhook.create({ flowId: flow.id, name: "B" })).id,
      notificationId: (
        await teamB.caller.notification.create({
          flowId: flow.id,
          target: { channel: "WEBHOOK", url: "https://example.test/b" },
        })
      ).id,
      connectionId: (
        await teamB.caller.connection.create({
          type: "postgres",
          name: "B's warehouse",
          values: { host: "db.b.test", database: "b", user: "b", password: "b-secret" },
        })
      ).id,
      scheduleId: (
        await teamB.caller.schedule.create({
          kind: "CRON",
          flowId: flow.id,
          cron: "0 * * * *",
          timezone: "UTC",
        })
      ).id,
    };
  });

  it("covers every procedure of the router", () => {
    const all = Object.keys(appRouter._def.procedures).sort();
    const covered = new Set([
      ...Object.keys(teamScoped),
      ...Object.keys(crossTeamIds),
      ...Object.keys(unscoped),
    ]);
    expect(all.filter((path) => !covered.has(path))).toEqual([]);
  });

  it.each(Object.entries(teamScoped))(
    "%s in team B answers NOT_FOUND to a non-member",
    async (_path, call) => {
      await expect(call(callerFor(outsiderId, b.teamId), b)).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Team not found",
      });
    },
  );

  it.each(Object.entries(crossTeamIds))(
    "%s with a team B id answers NOT_FOUND from team A",
    async (_path, call) => {
      await expect(call(outsiderInA, b)).rejects.toMatchObject({ code: "NOT_FOUND" });
    },
  );

  it("left team B exactly as it was", async () => {
    const team = await db().team.findUniqueOrThrow({
      where: { id: b.teamId },
      include: { memberships: true },
    });
    expect(team.name).toBe("Team B");
    expect(team.memberships.map((m) => m.role).sort()).toEqual(["EDITOR", "OWNER"]);
    const invitation = await db().invitation.findUniqueOrThrow({ where: { id: b.invitationId } });
    expect(invitation.revokedAt).toBeNull();
    const flow = await db().flow.findUniqueOrThrow({
      where: { id: b.flowId },
      include: { versions: true },
    });
    expect(flow.name).toBe("Team B's flow");
    expect(flow.versions).toHaveLength(1);
    expect(await db().flow.count({ where: { teamId: b.teamId } })).toBe(1);
    expect(await db().flowNotification.count({ where: { teamId: b.teamId } })).toBe(1);
    expect(await db().schedule.findMany({ where: { teamId: b.teamId } })).toMatchObject([
      { id: b.scheduleId, paused: false },
    ]);
    expect(await db().webhook.findMany({ where: { teamId: b.teamId } })).toMatchObject([
      { id: b.webhookId, revokedAt: null },
    ]);
    expect(await db().apiKey.findMany({ where: { teamId: b.teamId } })).toMatchObject([
      { id: b.apiKeyId, revokedAt: null },
    ]);
    expect(await db().run.findMany({ where: { teamId: b.teamId } })).toMatchObject([
      { id: b.runId, status: "FAILED" },
    ]);
    expect(
      (await db().secret.findMany({ where: { teamId: b.teamId } })).map((secret) => secret.name),
    ).toEqual(["B_SECRET"]);
  });
});
