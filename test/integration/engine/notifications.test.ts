import { describe, expect, it } from "vitest";
import { createNotification } from "@/server/notifications/notifications";
import { setSecret } from "@/server/secrets/secrets";
import { flowDocument, node } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";
import { startEngine } from "./engine-harness";

describe("failure notifications", async () => {
  const engine = await startEngine();
  const received: { path: string; body: Record<string, unknown> }[] = [];
  for (const path of ["/alerts", "/slack"])
    engine.route(path, (_req, res, body) => {
      received.push({ path, body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(200).end("ok");
    });
  const failing = flowDocument({
    name: "Fragile",
    nodes: [
      node("boom", { block: "code.javascript", config: { code: "throw new Error('disk full')" } }),
    ],
    edges: [],
  });
  const fine = flowDocument({
    name: "Sturdy",
    nodes: [node("ok", { block: "code.javascript", config: { code: "return 1" } })],
    edges: [],
  });

  it("sends a message with a link to the run when a run fails, to a webhook and to Slack", async () => {
    await setSecret(engine.teamId, engine.userId, {
      name: "SLACK_HOOK",
      value: `${engine.apiUrl}/slack`,
    });
    const flowId = await engine.flow(failing);
    await createNotification(engine.teamId, {
      flowId,
      target: { channel: "WEBHOOK", url: `${engine.apiUrl}/alerts` },
    });
    await createNotification(engine.teamId, {
      flowId,
      target: { channel: "SLACK", webhookSecret: "SLACK_HOOK" },
    });
    const { id } = await engine.start(flowId);
    expect((await engine.finished(id)).status).toBe("FAILED");
    await eventually(async () => received.length === 2);
    const hook = received.find((m) => m.path === "/alerts")!.body;
    expect(hook).toMatchObject({
      flow: "Fragile",
      runId: id,
      status: "failed",
      link: `http://localhost:3000/runs/${id}`,
    });
    expect(hook.text).toMatch(
      /Flow "Fragile" failed: Node "boom" failed: Error: disk full\. http:\/\/localhost:3000\/runs\//,
    );
    expect(received.find((m) => m.path === "/slack")!.body).toEqual({ text: hook.text });
  });

  it("stays quiet when a run completes, unless asked to tell on success too", async () => {
    received.length = 0;
    const quiet = await engine.flow(fine);
    await createNotification(engine.teamId, {
      flowId: quiet,
      target: { channel: "WEBHOOK", url: `${engine.apiUrl}/alerts` },
    });
    await engine.finished((await engine.start(quiet)).id);
    const chatty = await engine.flow({ ...fine, name: "Chatty" });
    await createNotification(engine.teamId, {
      flowId: chatty,
      onSuccess: true,
      target: { channel: "WEBHOOK", url: `${engine.apiUrl}/alerts` },
    });
    const { id } = await engine.start(chatty);
    await engine.finished(id);
    await eventually(async () => received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({ flow: "Chatty", status: "completed", runId: id });
  });

  it("refuses bad destinations naming the field", async () => {
    const flowId = await engine.flow(fine);
    await expect(
      createNotification(engine.teamId, {
        flowId,
        target: { channel: "WEBHOOK", url: "not a url" },
      }),
    ).rejects.toMatchObject({ issues: [{ path: ["target", "url"] }] });
    await expect(
      createNotification(engine.teamId, {
        flowId,
        target: { channel: "EMAIL", smtpSecret: "SMTP", from: "x", to: "ops@example.test" },
      }),
    ).rejects.toMatchObject({ issues: [{ path: ["target", "from"] }] });
    await expect(
      createNotification(engine.teamId, { flowId, target: { channel: "PIGEON" } }),
    ).rejects.toMatchObject({ issues: [{ path: ["target", "channel"] }] });
  });
});
