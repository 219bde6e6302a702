// Input that once reached PostgreSQL's error text or revealed other teams' data.
import { describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/v1/runs/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import { db } from "@/server/db/client";
import { createTeamWithOwner, storedRun } from "../../factories";

describe("unstorable text is a 4xx naming the field, never PostgreSQL's 500", () => {
  it.each(["Bad\u0000name", "half \ud800 pair", "lone \udc00 low"])(
    "tRPC refuses %j as a flow name and writes nothing",
    async (name) => {
      const { caller, team } = await createTeamWithOwner("Text");
      await expect(caller.flow.create({ name })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: "name: must not contain NUL characters or broken Unicode",
      });
      expect(await db().flow.count({ where: { teamId: team.id } })).toBe(0);
    },
  );

  it("the REST API refuses NUL in a body, a query value and nesting deeper than 64 levels", async () => {
    const { caller, team } = await createTeamWithOwner("Rest text");
    const { key } = await caller.apiKey.create({ name: "k" });
    const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const params = { params: Promise.resolve({}) };
    const nul = await flowsRoute.POST(
      new Request("http://weft.test/api/v1/flows", {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "x\u0000", nodes: [], edges: [] }),
      }),
      params,
    );
    expect(nul.status).toBe(422);
    expect((await nul.json()).error).toMatchObject({ field: "name" });
    const deep = `${"[".repeat(100_000)}"leaf"${"]".repeat(100_000)}`;
    const nested = await flowsRoute.POST(
      new Request("http://weft.test/api/v1/flows", {
        method: "POST",
        headers: auth,
        body: `{"name": "deep", "nodes": [], "edges": [], "extra": ${deep}}`,
      }),
      params,
    );
    expect(nested.status).toBe(422);
    expect((await nested.json()).error.message).toMatch(/nests deeper than 64 levels/);
    const query = await runsRoute.GET(
      new Request("http://weft.test/api/v1/runs?flowId=a%00b", { headers: auth }),
      params,
    );
    expect(query.status).toBe(422);
    expect(await db().flow.count({ where: { teamId: team.id } })).toBe(0);
  });
});

describe("a runs list cursor", () => {
  it("from another team answers exactly like a made-up one", async () => {
    const a = await createTeamWithOwner("A");
    const b = await createTeamWithOwner("B");
    const flowOfB = (await b.caller.flow.create({ name: "B" })).id;
    const runOfB = await storedRun(b.team.id, flowOfB);
    const refused = { code: "BAD_REQUEST", message: "cursor: not a position in this list" };
    await expect(a.caller.run.list({ cursor: runOfB.id })).rejects.toMatchObject(refused);
    await expect(a.caller.run.list({ cursor: "made-up-id" })).rejects.toMatchObject(refused);
    expect((await b.caller.run.list({ cursor: runOfB.id })).runs).toEqual([]);
  });
});
