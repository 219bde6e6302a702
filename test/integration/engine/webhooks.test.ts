import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/hooks/[token]/route";
import { db } from "@/server/db/client";
import {
  createWebhook,
  receiveWebhook,
  revokeWebhook,
  rotateWebhook,
} from "@/server/webhooks/webhooks";
import { flowDocument, node } from "../../factories/flow-document";
import { startEngine } from "./engine-harness";

const hookRequest = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`http://weft.test${path}?source=ci`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
const tokenOf = (path: string) => path.split("/").pop()!;
const callRoute = async (path: string, body: string, headers: Record<string, string> = {}) => {
  const res = await POST(hookRequest(path, body, headers), {
    params: Promise.resolve({ token: tokenOf(path) }),
  });
  return { status: res.status, json: await res.json() };
};

describe("webhook triggers", async () => {
  const engine = await startEngine();
  const flowId = await engine.flow(
    flowDocument({
      parameters: [
        { name: "body", type: "json", required: true, description: "" },
        { name: "query", type: "json", required: false, description: "" },
        { name: "headers", type: "json", required: false, description: "" },
      ],
      nodes: [
        node("pick", {
          block: "code.javascript",
          config: {
            code: "return { order: params.body.order, source: params.query.source, event: params.headers['x-event'] }",
          },
        }),
      ],
      edges: [],
    }),
  );

  it("a good call starts a run with the body, query and selected headers as parameters", async () => {
    const hook = await createWebhook(engine.teamId, { flowId, name: "Shop", headers: ["X-Event"] });
    expect(hook.path).toMatch(/^\/api\/hooks\/[\w-]{32}$/);
    expect(
      JSON.stringify(await db().webhook.findUniqueOrThrow({ where: { id: hook.id } })),
    ).not.toContain(tokenOf(hook.path));
    const run = await receiveWebhook(
      tokenOf(hook.path),
      hookRequest(hook.path, '{"order":42}', { "x-event": "paid", "x-secret": "not passed" }),
      engine.harness.client,
    );
    const done = await engine.finished(run.id);
    expect(done).toMatchObject({ status: "COMPLETED", trigger: "WEBHOOK" });
    // The audit log says the webhook started it.
    expect(
      await db().auditEntry.findFirst({
        where: { teamId: engine.teamId, source: "WEBHOOK" },
        select: { action: true, flowId: true, actorId: true, details: true },
      }),
    ).toEqual({
      action: "run.start",
      flowId,
      actorId: null,
      details: { id: run.id, webhookId: hook.id },
    });
    expect(done.parameters).toEqual({
      body: { order: 42 },
      query: { source: "ci" },
      headers: { "x-event": "paid" },
    });
    expect(done.node.pick!.output).toEqual({ order: 42, source: "ci", event: "paid" });
  });

  it("checks the HMAC signature: a bad or missing one is 401 and starts nothing", async () => {
    const hook = await createWebhook(engine.teamId, { flowId, name: "Signed", signed: true });
    const body = '{"order":7}';
    const before = await db().run.count({ where: { flowId } });
    expect(await callRoute(hook.path, body)).toMatchObject({
      status: 401,
      json: { error: { field: "x-weft-signature" } },
    });
    expect(
      await callRoute(hook.path, body, { "x-weft-signature": `sha256=${"0".repeat(64)}` }),
    ).toMatchObject({ status: 401 });
    const good = createHmac("sha256", hook.signingSecret!).update(body).digest("hex");
    const run = await receiveWebhook(
      tokenOf(hook.path),
      hookRequest(hook.path, body, { "x-weft-signature": `sha256=${good}` }),
      engine.harness.client,
    );
    expect((await engine.finished(run.id)).node.pick!.output).toMatchObject({ order: 7 });
    expect(await db().run.count({ where: { flowId } })).toBe(before + 1);
  });

  it("a revoked or rotated-away token is 404; an oversized body is 413; malformed JSON is 400", async () => {
    const hook = await createWebhook(engine.teamId, { flowId, name: "Temp" });
    expect(await callRoute(hook.path, "{ nope")).toMatchObject({
      status: 400,
      json: { error: { code: "invalid_json" } },
    });
    expect(
      await callRoute(hook.path, JSON.stringify({ blob: "x".repeat(1.2 * 1024 * 1024) })),
    ).toMatchObject({ status: 413 });
    const { path } = await rotateWebhook(engine.teamId, hook.id);
    expect(await callRoute(hook.path, "{}")).toMatchObject({
      status: 404,
      json: { error: { code: "not_found" } },
    });
    await revokeWebhook(engine.teamId, hook.id);
    expect((await callRoute(path, "{}")).status).toBe(404);
    expect((await callRoute("/api/hooks/unknown-token", "{}")).status).toBe(404);
  });

  it("refuses bad webhook settings naming the field", async () => {
    await expect(createWebhook(engine.teamId, { flowId, name: "", headers: [] })).rejects.toThrow(
      /Enter a name/,
    );
    await expect(
      createWebhook(engine.teamId, { flowId, name: "x", headers: ["bad header!"] }),
    ).rejects.toThrow(/header name/);
    await expect(createWebhook("another-team", { flowId, name: "x" })).rejects.toThrow(
      /Flow not found/,
    );
  });
});
