// Saving or restoring a version that breaks a flow's schedules or webhooks asks for confirmation
// and names them; nothing is saved until it is given.
import { describe, expect, it } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import * as flowRoute from "@/app/api/v1/flows/[id]/route";
import { db } from "@/server/db/client";
import { createTeamWithOwner } from "../factories";
import { flowDocument, node } from "../factories/flow-document";

const threshold = { name: "threshold", type: "number" as const, required: false, description: "" };

describe("versions that break schedules and webhooks", () => {
  it("names the schedule and the webhook, saves nothing, and saves once confirmed", async () => {
    const { caller } = await createTeamWithOwner();
    const flowId = (await caller.flow.create({ name: "Alerts" })).id;
    const v = (parameters: FlowDocument["parameters"]) =>
      flowDocument({ name: "Alerts", parameters, nodes: [node("a")], edges: [] });
    await caller.flow.save({ flowId, document: v([threshold]), baseVersion: 1 });
    await caller.schedule.create({
      kind: "CRON",
      flowId,
      cron: "0 * * * *",
      timezone: "UTC",
      parameters: { threshold: 3 },
    });
    await caller.webhook.create({ flowId, name: "orders" });

    // Dropping `threshold` breaks the schedule (its parameters no longer fit).
    await expect(
      caller.flow.save({ flowId, document: v([]), baseVersion: 2 }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(
        /break the schedule "0 \* \* \* \*" \(parameters\.threshold: The flow has no parameter "threshold"\)\. Confirm/,
      ),
    });
    expect((await db().flow.findUniqueOrThrow({ where: { id: flowId } })).latestVersion).toBe(2);

    // A required parameter a webhook call cannot pass breaks the webhook.
    const region = { ...threshold, name: "region", type: "string" as const, required: true };
    await expect(
      caller.flow.save({ flowId, document: v([threshold, region]), baseVersion: 2 }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/the webhook "orders" \(it cannot pass the required region\)/),
    });

    const saved = await caller.flow.save({
      flowId,
      document: v([]),
      baseVersion: 2,
      acceptBreaking: true,
    });
    expect(saved.number).toBe(3);

    // Restoring version 2 (threshold only) fits the schedule and the webhook again; version 4
    // requires `region`, so restoring it needs the confirmation.
    await caller.flow.save({
      flowId,
      document: v([threshold, region]),
      baseVersion: 3,
      acceptBreaking: true,
    });
    await expect(caller.flow.restore({ flowId, number: 2 })).resolves.toMatchObject({ number: 5 });
    await expect(caller.flow.restore({ flowId, number: 4 })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await expect(
      caller.flow.restore({ flowId, number: 4, acceptBreaking: true }),
    ).resolves.toMatchObject({ number: 6 });
  });

  it("over REST: 412 naming the schedule and nothing saved; ?acceptBreaking=true saves", async () => {
    const { caller } = await createTeamWithOwner();
    const { key } = await caller.apiKey.create({ name: "ci" });
    const flowId = (await caller.flow.create({ name: "Nightly" })).id;
    const doc = (parameters: FlowDocument["parameters"]) =>
      flowDocument({ name: "Nightly", parameters, nodes: [node("a")], edges: [] });
    await caller.flow.save({ flowId, document: doc([threshold]), baseVersion: 1 });
    await caller.schedule.create({
      kind: "INTERVAL",
      flowId,
      intervalMinutes: 60,
      anchor: "2026-06-01T00:00:00Z",
      parameters: { threshold: 1 },
    });
    const put = (query = "") =>
      flowRoute.PUT(
        new Request(`http://weft.test/api/v1/flows/${flowId}${query}`, {
          method: "PUT",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify(doc([])),
        }),
        { params: Promise.resolve({ id: flowId }) },
      );
    const refused = await put();
    expect(refused.status).toBe(412);
    expect((await refused.json()).error).toMatchObject({
      code: "precondition_failed",
      field: "acceptBreaking",
      message: expect.stringMatching(/break the schedule every 60 minutes/),
    });
    expect((await db().flow.findUniqueOrThrow({ where: { id: flowId } })).latestVersion).toBe(2);
    const saved = await put("?acceptBreaking=true");
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ id: flowId, version: 3 });
  });
});
