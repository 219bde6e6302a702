// REST API v1 through its route handlers, with team API keys.
import { beforeAll, describe, expect, it } from "vitest";
import * as flowRoute from "@/app/api/v1/flows/[id]/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import * as startRoute from "@/app/api/v1/flows/[id]/runs/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import * as cancelRoute from "@/app/api/v1/runs/[id]/cancel/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as connectionTestRoute from "@/app/api/v1/connections/test/route";
import { db } from "@/server/db/client";
import { pool } from "@/server/db/pool";
import { countInWindow } from "@/server/auth/rate-limit";
import { closeRun, setNodeState } from "@/server/engine/state";
import { addMember, createTeamWithOwner, storedRun } from "../factories";
import { flowDocument } from "../factories/flow-document";

// Any route handler: the params promise is typed per route.
type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;

function call(
  handler: Handler,
  key: string | null,
  path: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  params: Record<string, string> = {},
) {
  const headers: Record<string, string> = {
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...init.headers,
  };
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const request = new Request(`http://weft.test/api/v1${path}`, {
    method: init.method ?? "GET",
    headers,
    body,
  });
  return handler(request, { params: Promise.resolve(params) as Promise<never> }).then(
    async (res) => ({
      status: res.status,
      json: await res.json(),
    }),
  );
}

describe("REST API v1", () => {
  let keyA = "";
  let keyB = "";
  let flowOfB = "";
  let runOfB = "";
  let teamOfB = "";
  let callerA: Awaited<ReturnType<typeof createTeamWithOwner>>["caller"];

  beforeAll(async () => {
    const a = await createTeamWithOwner("A");
    callerA = a.caller;
    keyA = (await a.caller.apiKey.create({ name: "CI" })).key;
    const b = await createTeamWithOwner("B");
    keyB = (await b.caller.apiKey.create({ name: "B's key" })).key;
    teamOfB = b.team.id;
    flowOfB = (await b.caller.flow.create({ name: "B only" })).id;
    runOfB = (await storedRun(b.team.id, flowOfB)).id;
  });

  it("creates a key shown once and stores only its hash", async () => {
    const created = await callerA.apiKey.create({ name: "Deploys" });
    expect(created.key).toMatch(/^weft_[\w-]{43}$/);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = await callerA.apiKey.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed.map((k) => k.name)).toContain("Deploys");
    await expect(callerA.apiKey.create({ name: "  " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Enter a name for the key/),
    });
    await expect(callerA.apiKey.revoke({ keyId: "no-such-key" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("runs the flow lifecycle: create, list, read, save a new version", async () => {
    const document = flowDocument({ name: "Nightly", chain: ["a", "b"] });
    const created = await call(flowsRoute.POST, keyA, "/flows", { method: "POST", body: document });
    expect(created).toMatchObject({ status: 201, json: { name: "Nightly", latestVersion: 1 } });
    const id = created.json.id as string;
    expect(
      (await call(flowsRoute.GET, keyA, "/flows")).json.flows.map((f: { id: string }) => f.id),
    ).toContain(id);
    const read = await call(flowRoute.GET, keyA, `/flows/${id}`, {}, { id });
    expect(read).toMatchObject({
      status: 200,
      json: { id, version: 1, document: { name: "Nightly" } },
    });
    const saved = await call(
      flowRoute.PUT,
      keyA,
      `/flows/${id}`,
      { method: "PUT", body: { ...document, name: "Nightly v2" }, headers: { "if-match": "1" } },
      { id },
    );
    expect(saved).toEqual({ status: 200, json: { id, version: 2 } });
    const stale = await call(
      flowRoute.PUT,
      keyA,
      `/flows/${id}`,
      { method: "PUT", body: document, headers: { "if-match": "1" } },
      { id },
    );
    expect(stale).toMatchObject({
      status: 409,
      json: { error: { code: "conflict", field: "baseVersion" } },
    });

    // A version can say what changed; a message over 500 characters is refused, nothing saved.
    const long = await call(
      flowRoute.PUT,
      keyA,
      `/flows/${id}?message=${"x".repeat(501)}`,
      { method: "PUT", body: document, headers: { "if-match": "2" } },
      { id },
    );
    expect(long).toMatchObject({ status: 422, json: { error: { field: "message" } } });
    const described = await call(
      flowRoute.PUT,
      keyA,
      `/flows/${id}?message=${encodeURIComponent("Back to the nightly name")}`,
      { method: "PUT", body: document, headers: { "if-match": "2" } },
      { id },
    );
    expect(described).toEqual({ status: 200, json: { id, version: 3 } });
    expect((await call(flowRoute.GET, keyA, `/flows/${id}`, {}, { id })).json).toMatchObject({
      version: 3,
      message: "Back to the nightly name",
    });
  });

  it("answers 401 without a key, with a malformed one and with a revoked one", async () => {
    expect(await call(flowsRoute.GET, null, "/flows")).toMatchObject({
      status: 401,
      json: { error: { code: "unauthorized", field: "authorization" } },
    });
    expect((await call(flowsRoute.GET, "not-a-key", "/flows")).status).toBe(401);
    const doomed = await callerA.apiKey.create({ name: "Doomed" });
    expect((await call(flowsRoute.GET, doomed.key, "/flows")).status).toBe(200);
    await callerA.apiKey.revoke({ keyId: doomed.id });
    expect(await call(flowsRoute.GET, doomed.key, "/flows")).toMatchObject({
      status: 401,
      json: { error: { message: "This API key is not valid or was revoked" } },
    });
  });

  it("counts each request of a key against its 600 a minute, refusing the next with 429 and writing nothing", async () => {
    const busy = await callerA.apiKey.create({ name: "Busy" });
    const bucket = () => db().rateLimitBucket.findUnique({ where: { key: `api-key:${busy.id}` } });
    expect((await call(flowsRoute.GET, busy.key, "/flows")).status).toBe(200);
    expect((await call(flowsRoute.GET, busy.key, "/flows")).status).toBe(200);
    expect((await bucket())?.count).toBe(2);
    // The window is full: the next request of this key is refused, a change included.
    await db().rateLimitBucket.update({
      where: { key: `api-key:${busy.id}` },
      data: { count: 600 },
    });
    const flows = await db().flow.count();
    expect(
      await call(flowsRoute.POST, busy.key, "/flows", { method: "POST", body: flowDocument() }),
    ).toMatchObject({
      status: 429,
      json: { error: { message: "Too many requests for this API key: at most 600 a minute" } },
    });
    expect(await db().flow.count()).toBe(flows);
    // Another key of the same team is not held back.
    expect((await call(flowsRoute.GET, keyA, "/flows")).status).toBe(200);
    // A window that has passed starts again at one.
    await db().rateLimitBucket.update({
      where: { key: `api-key:${busy.id}` },
      data: { windowStart: new Date(Date.now() - 61_000) },
    });
    expect((await call(flowsRoute.GET, busy.key, "/flows")).status).toBe(200);
    expect((await bucket())?.count).toBe(1);
    // A revoked key is refused and counts nothing.
    await callerA.apiKey.revoke({ keyId: busy.id });
    expect((await call(flowsRoute.GET, busy.key, "/flows")).status).toBe(401);
    expect((await bucket())?.count).toBe(1);
  });

  it("a count's relaxed commit stays in its own transaction: the connection's next writes wait for the disk", async () => {
    // Pool connections are shared with node writes, whose durability needs synchronous commits.
    const client = await pool().connect();
    try {
      const { rows } = await client.query(
        `INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES ($1, now(), 1)
         ${countInWindow("$2")}`,
        [`test:${Date.now()}`, 60],
      );
      expect(rows[0]).toMatchObject({ count: 1, relaxed: "off" });
      expect((await client.query("SHOW synchronous_commit")).rows[0]).toEqual({
        synchronous_commit: "on",
      });
    } finally {
      client.release();
    }
  });

  it("a key acts with its creator's current role: a demoted member's key only reads, a removed member's key is revoked", async () => {
    const team = await createTeamWithOwner("Keys");
    const editor = await addMember(team.caller, team.team.id, "EDITOR");
    const { key, id: keyId } = await editor.caller.apiKey.create({ name: "Editor's CI" });
    const flowId = (await team.caller.flow.create({ name: "Guarded" })).id;
    const create = () =>
      call(flowsRoute.POST, key, "/flows", { method: "POST", body: flowDocument({ name: "New" }) });
    const start = () =>
      call(
        startRoute.POST,
        key,
        `/flows/${flowId}/runs`,
        { method: "POST", body: {} },
        { id: flowId },
      );
    expect((await create()).status).toBe(201);
    expect(await team.caller.apiKey.list()).toContainEqual(
      expect.objectContaining({
        id: keyId,
        owner: expect.objectContaining({ id: editor.user.id }),
      }),
    );

    const membership = (await team.caller.team.members()).find(
      (m) => m.user.id === editor.user.id,
    )!;
    await team.caller.team.changeRole({ membershipId: membership.id, role: "VIEWER" });
    const flowsBefore = await db().flow.count({ where: { teamId: team.team.id } });
    const runsBefore = await db().run.count({ where: { teamId: team.team.id } });
    expect(await create()).toMatchObject({
      status: 403,
      json: { error: { message: "This API key acts for a viewer of the team: it may only read" } },
    });
    expect((await start()).status).toBe(403);
    expect(
      (
        await call(
          flowRoute.PUT,
          key,
          `/flows/${flowId}`,
          { method: "PUT", body: flowDocument() },
          { id: flowId },
        )
      ).status,
    ).toBe(403);
    expect((await call(flowsRoute.GET, key, "/flows")).status).toBe(200);
    expect(await db().flow.count({ where: { teamId: team.team.id } })).toBe(flowsBefore);
    expect(await db().run.count({ where: { teamId: team.team.id } })).toBe(runsBefore);

    await team.caller.team.removeMember({ membershipId: membership.id });
    expect((await call(flowsRoute.GET, key, "/flows")).status).toBe(401);
    expect(await db().apiKey.findUniqueOrThrow({ where: { id: keyId } })).toMatchObject({
      revokedAt: expect.any(Date),
    });
  });

  it("refuses the key of a member who left even when it was not revoked", async () => {
    const team = await createTeamWithOwner("Left");
    const editor = await addMember(team.caller, team.team.id, "EDITOR");
    const { key, id } = await editor.caller.apiKey.create({ name: "Leaver" });
    await db().membership.deleteMany({ where: { teamId: team.team.id, userId: editor.user.id } });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect(await call(flowsRoute.GET, key, "/flows")).toMatchObject({
      status: 401,
      json: { error: { message: "This API key's creator is no longer a member of the team" } },
    });
  });

  it("gives team A's key 404 for team B's flows and runs", async () => {
    expect((await call(flowRoute.GET, keyA, `/flows/${flowOfB}`, {}, { id: flowOfB })).status).toBe(
      404,
    );
    expect(
      (
        await call(
          flowRoute.PUT,
          keyA,
          `/flows/${flowOfB}`,
          { method: "PUT", body: flowDocument() },
          { id: flowOfB },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          startRoute.POST,
          keyA,
          `/flows/${flowOfB}/runs`,
          { method: "POST", body: {} },
          { id: flowOfB },
        )
      ).status,
    ).toBe(404);
    expect((await call(runRoute.GET, keyA, `/runs/${runOfB}`, {}, { id: runOfB })).status).toBe(
      404,
    );
    expect((await call(runsRoute.GET, keyA, `/runs?flowId=${flowOfB}`)).json.runs).toEqual([]);
    expect(await call(runRoute.GET, keyB, `/runs/${runOfB}`, {}, { id: runOfB })).toMatchObject({
      status: 200,
      json: {
        id: runOfB,
        status: "completed",
        trigger: "api",
        nodes: [],
      },
    });
  });

  it("keeps a run's times exact whatever the machine's time zone: written by the engine, read by the API", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      // The engine writes a node's times with plain pg (setNodeState) while the run is going.
      await db().run.update({
        where: { id: runOfB },
        data: { status: "RUNNING", startedAt: new Date("2026-06-01T11:59:59.125Z") },
      });
      await db().nodeRun.create({ data: { runId: runOfB, nodeId: "a", status: "PENDING" } });
      expect(
        await setNodeState(runOfB, "a", "COMPLETED", {
          startedAt: new Date("2026-06-01T12:00:00.250Z"),
          finishedAt: new Date("2026-06-01T12:00:01.500Z"),
        }),
      ).toBe(true);
      const stored = await db().nodeRun.findFirstOrThrow({ where: { runId: runOfB, nodeId: "a" } });
      expect(stored.startedAt?.toISOString()).toBe("2026-06-01T12:00:00.250Z");
      const { json } = await call(runRoute.GET, keyB, `/runs/${runOfB}`, {}, { id: runOfB });
      expect(json.startedAt).toBe("2026-06-01T11:59:59.125Z");
      expect(json.nodes).toEqual([
        expect.objectContaining({
          id: "a",
          startedAt: "2026-06-01T12:00:00.250Z",
          finishedAt: "2026-06-01T12:00:01.500Z",
        }),
      ]);
    } finally {
      process.env.TZ = zone;
      await db().run.update({ where: { id: runOfB }, data: { status: "COMPLETED" } });
      await db().nodeRun.deleteMany({ where: { runId: runOfB } });
    }
  });

  it("holds GET /runs/{id}?wait= until the run ends or the wait is over, naming a bad wait", async () => {
    const get = (key: string, runId: string, query: string) =>
      call(runRoute.GET, key, `/runs/${runId}${query}`, {}, { id: runId });
    const running = await storedRun(teamOfB, flowOfB, { status: "RUNNING" });
    let started = Date.now();
    let answered = false;
    const waited = get(keyB, running.id, "?wait=30").finally(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    // The engine's own writer ends the run; its announcement wakes the waiting request.
    await closeRun(running.id, "FAILED", "stopped by the test");
    expect(await waited).toMatchObject({ status: 200, json: { id: running.id, status: "failed" } });
    expect(Date.now() - started).toBeLessThan(15_000);

    // An ended run, or another team's, is answered at once.
    started = Date.now();
    expect((await get(keyB, running.id, "?wait=30")).json.status).toBe("failed");
    expect((await get(keyA, running.id, "?wait=30")).status).toBe(404);
    expect(Date.now() - started).toBeLessThan(15_000);

    // A run still going when the wait is over is answered as it is.
    const still = await storedRun(teamOfB, flowOfB, { status: "RUNNING" });
    started = Date.now();
    expect((await get(keyB, still.id, "?wait=1")).json.status).toBe("running");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await closeRun(still.id, "CANCELLED");

    for (const wait of ["soon", "-1", "1.5", "61", "1e9"])
      expect(await get(keyB, still.id, `?wait=${wait}`), wait).toMatchObject({
        status: 422,
        json: {
          error: { field: "wait", message: "wait: must be a whole number of seconds from 0 to 60" },
        },
      });
  });

  it("filters runs by trigger and time range, naming a bad filter", async () => {
    const list = async (query: string) => (await call(runsRoute.GET, keyB, `/runs?${query}`)).json;
    const ids = async (query: string) =>
      (await list(query)).runs.map((run: { id: string }) => run.id);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await ids("trigger=api")).toContain(runOfB);
    expect(await ids("trigger=webhook")).toEqual([]);
    expect(await ids(`since=${future}`)).toEqual([]);
    expect(await ids(`since=2000-01-01T00:00:00Z&until=${future}`)).toContain(runOfB);
    expect(await ids("until=2000-01-01T00:00:00Z")).toEqual([]);
    for (const [query, field] of [
      ["since=yesterday", "since"],
      ["until=2026-13-01T00:00:00Z", "until"],
      ["trigger=carrier-pigeon", "trigger"],
      [`since=${future}&until=2000-01-01T00:00:00Z`, "since"],
    ])
      expect(await call(runsRoute.GET, keyB, `/runs?${query}`), query).toMatchObject({
        status: 422,
        json: { error: { field } },
      });
  });

  it("refuses malformed and invalid bodies, naming the field, and writes nothing", async () => {
    const before = await db().flow.count();
    expect(
      await call(flowsRoute.POST, keyA, "/flows", { method: "POST", raw: "{ nope" }),
    ).toMatchObject({ status: 400, json: { error: { code: "invalid_json" } } });
    const invalid = await call(flowsRoute.POST, keyA, "/flows", {
      method: "POST",
      body: { ...flowDocument(), nodes: [{ id: "1bad" }] },
    });
    expect(invalid).toMatchObject({
      status: 422,
      json: { error: { field: expect.stringMatching(/^document\.nodes\[0\]/) } },
    });
    const huge = await call(flowsRoute.POST, keyA, "/flows", {
      method: "POST",
      raw: JSON.stringify({ blob: "x".repeat(3.5 * 1024 * 1024) }),
    });
    expect(huge).toMatchObject({ status: 413, json: { error: { code: "payload_too_large" } } });
    expect(await db().flow.count()).toBe(before);
    const flowId = (
      await call(flowsRoute.POST, keyA, "/flows", {
        method: "POST",
        body: flowDocument({
          parameters: [{ name: "day", type: "string", required: true, description: "" }],
        }),
      })
    ).json.id;
    const badParams = await call(
      startRoute.POST,
      keyA,
      `/flows/${flowId}/runs`,
      { method: "POST", body: { parameters: { day: 5 } } },
      { id: flowId },
    );
    expect(badParams).toMatchObject({
      status: 422,
      json: { error: { field: "parameters.day", message: "day must be a string" } },
    });
    const wrongShape = await call(
      startRoute.POST,
      keyA,
      `/flows/${flowId}/runs`,
      { method: "POST", body: { parameters: [] } },
      { id: flowId },
    );
    expect(wrongShape).toMatchObject({ status: 422, json: { error: { field: "parameters" } } });
    expect(await call(runsRoute.GET, keyA, "/runs?status=exploded")).toMatchObject({
      status: 422,
      json: { error: { field: "status" } },
    });
    expect(await db().run.count({ where: { flowId } })).toBe(0);
  });

  it("publishes an OpenAPI 3.1 document of every endpoint", async () => {
    const document = await (await openapiRoute.GET()).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/audit",
      "/connections",
      "/connections/test",
      "/connections/{id}",
      "/flows",
      "/flows/{id}",
      "/flows/{id}/runs",
      "/runs",
      "/runs/{id}",
      "/runs/{id}/cancel",
    ]);
    expect(document.components.schemas.FlowDocument.properties.nodes).toBeDefined();
    expect(document.components.schemas.StartRun.properties.parameters).toBeDefined();
  });
});

describe("REST API v1: every endpoint with keys of demoted and removed members", () => {
  type Route = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;
  let keys: Record<"viewer" | "removed", string>;
  let flowId = "";
  let runId = "";

  beforeAll(async () => {
    const team = await createTeamWithOwner("Table");
    const demoted = await addMember(team.caller, team.team.id, "EDITOR");
    const removed = await addMember(team.caller, team.team.id, "EDITOR");
    keys = {
      viewer: (await demoted.caller.apiKey.create({ name: "demoted" })).key,
      removed: (await removed.caller.apiKey.create({ name: "removed" })).key,
    };
    flowId = (await team.caller.flow.create({ name: "Table flow" })).id;
    runId = (await storedRun(team.team.id, flowId)).id;
    const members = await team.caller.team.members();
    const id = (userId: string) => members.find((m) => m.user.id === userId)!.id;
    await team.caller.team.changeRole({ membershipId: id(demoted.user.id), role: "VIEWER" });
    await team.caller.team.removeMember({ membershipId: id(removed.user.id) });
  });

  const endpoints: [string, () => [Route, string, string, unknown, Record<string, string>]][] = [
    ["GET /flows", () => [flowsRoute.GET as Route, "GET", "/flows", undefined, {}]],
    ["POST /flows", () => [flowsRoute.POST as Route, "POST", "/flows", flowDocument(), {}]],
    [
      "GET /flows/{id}",
      () => [flowRoute.GET as Route, "GET", `/flows/${flowId}`, undefined, { id: flowId }],
    ],
    [
      "PUT /flows/{id}",
      () => [flowRoute.PUT as Route, "PUT", `/flows/${flowId}`, flowDocument(), { id: flowId }],
    ],
    [
      "POST /flows/{id}/runs",
      () => [startRoute.POST as Route, "POST", `/flows/${flowId}/runs`, {}, { id: flowId }],
    ],
    ["GET /runs", () => [runsRoute.GET as Route, "GET", "/runs", undefined, {}]],
    [
      "GET /runs/{id}",
      () => [runRoute.GET as Route, "GET", `/runs/${runId}`, undefined, { id: runId }],
    ],
    [
      "POST /runs/{id}/cancel",
      () => [cancelRoute.POST as Route, "POST", `/runs/${runId}/cancel`, {}, { id: runId }],
    ],
  ];

  it.each(endpoints)(
    "%s: a demoted member's key reads or gets 403; a removed member's key gets 401",
    async (name, endpoint) => {
      const [handler, method, path, body, params] = endpoint();
      const viewer = await call(handler as Handler, keys.viewer, path, { method, body }, params);
      if (method === "GET") expect(viewer.status).toBe(200);
      else expect(viewer).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
      const removed = await call(handler as Handler, keys.removed, path, { method, body }, params);
      expect(removed.status, name).toBe(401);
    },
  );

  it("manages connections: secrets never answered, viewers' keys see names, bad values name the field", async () => {
    const team = await createTeamWithOwner("Connected");
    const owner = (await team.caller.apiKey.create({ name: "Owner's" })).key;
    // A key whose creator is now a viewer acts as a viewer.
    const viewer = await addMember(team.caller, team.team.id, "EDITOR");
    const viewerKey = (await viewer.caller.apiKey.create({ name: "Viewer's" })).key;
    const membership = (await team.caller.team.members()).find(
      (m) => m.user.id === viewer.user.id,
    )!;
    await team.caller.team.changeRole({ membershipId: membership.id, role: "VIEWER" });
    const values = {
      host: "db.example.test",
      database: "w",
      user: "u",
      password: "pg-rest-secret",
    };
    const made = await call(connectionsRoute.POST, owner, "/connections", {
      method: "POST",
      body: { type: "postgres", name: "Warehouse", values },
    });
    expect(made).toMatchObject({
      status: 201,
      json: { name: "Warehouse", secretsSet: ["password"] },
    });
    expect(JSON.stringify(made.json)).not.toContain("pg-rest-secret");
    const id = made.json.id as string;
    expect(
      await call(connectionsRoute.POST, owner, "/connections", {
        method: "POST",
        body: { type: "postgres", name: "Bad", values: { ...values, port: 70000 } },
      }),
    ).toMatchObject({
      status: 422,
      json: { error: { field: "values.port", message: "values.port: Port must be at most 65535" } },
    });
    expect(await call(connectionsRoute.GET, viewerKey, "/connections")).toEqual({
      status: 200,
      json: {
        connections: [{ id, type: "postgres", name: "Warehouse", updatedAt: expect.any(String) }],
      },
    });
    expect(
      await call(connectionsRoute.POST, viewerKey, "/connections", {
        method: "POST",
        body: { type: "postgres", name: "V", values },
      }),
    ).toMatchObject({ status: 403 });
    const patched = await call(
      connectionRoute.PATCH,
      owner,
      `/connections/${id}`,
      { method: "PATCH", body: { values: { port: 6543 } } },
      { id },
    );
    expect(patched).toMatchObject({
      status: 200,
      json: { settings: { port: 6543, host: "db.example.test" }, secretsSet: ["password"] },
    });
    const tested = await call(connectionTestRoute.POST, owner, "/connections/test", {
      method: "POST",
      body: {
        type: "postgres",
        values: { host: "127.0.0.1", port: 1, database: "w", user: "u" },
        connectionId: id,
      },
    });
    expect(tested).toMatchObject({
      status: 200,
      json: { ok: false, message: expect.stringMatching(/ECONNREFUSED|connect/) },
    });
    expect(
      await call(connectionRoute.DELETE, owner, `/connections/${id}`, { method: "DELETE" }, { id }),
    ).toMatchObject({ status: 200 });
    expect(await call(connectionRoute.GET, owner, `/connections/${id}`, {}, { id })).toMatchObject({
      status: 404,
    });
    const audit = await db().auditEntry.findMany({
      where: { teamId: team.team.id, source: "API_KEY" },
      orderBy: { createdAt: "asc" },
    });
    expect(
      audit.map((entry) => [
        entry.action,
        entry.flowId,
        (entry.details as { connectionId?: string }).connectionId ?? null,
      ]),
    ).toEqual([
      ["connection.create", null, null],
      ["connection.update", null, id],
      ["connection.delete", null, id],
    ]);
  });
});
