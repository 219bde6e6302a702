import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign } from "@/server/local-inngest/signing";
import { startHarness } from "./harness";

const key = () => `signkey-test-${randomBytes(32).toString("hex")}`;

describe("local Inngest server: signed mode", async () => {
  const signingKey = key();
  let ran = 0;
  const h = await startHarness(
    (client) => [
      client.createFunction(
        { id: "signed", triggers: [{ event: "test/signed" }] },
        async ({ step }) => {
          ran += 1;
          return step.run("hello", () => "signed hello");
        },
      ),
    ],
    { signingKey, eventKey: "test-event-key" },
  );

  it("signs its calls so the SDK in cloud mode accepts them", async () => {
    await h.client.send({ name: "test/signed" });
    expect(await h.ended("signed")).toMatchObject({ status: "Completed", output: "signed hello" });
    // The step ran inside the first call and was checkpointed with the hashed signing key.
    expect(ran).toBe(1);
  });

  it("the SDK refuses a call signed with another key, and runs nothing", async () => {
    const before = ran;
    const body = {
      event: { name: "test/signed", data: {} },
      events: [],
      steps: {},
      ctx: { run_id: "forged", attempt: 0 },
      version: 2,
    };
    const reply = await fetch(`${h.appUrl}?fnId=test-app-signed&stepId=step`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": sign(body, key(), Date.now()),
      },
      body: JSON.stringify(body),
    });
    expect(reply.status).toBe(401);
    expect(ran).toBe(before);
  });

  it("takes the signing key as Inngest does: with or without its prefix, plain or hashed", async () => {
    const hex = signingKey.replace(/^signkey-test-/, "");
    const hashed = createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex");
    const register = (token: string) =>
      fetch(`${h.serverUrl}/fn/register`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ url: h.appUrl, appName: "other-app", functions: [] }),
      });
    for (const token of [
      hex,
      signingKey,
      hashed,
      `signkey-test-${hashed}`,
      `signkey-prod-${hashed}`,
    ])
      expect((await register(token)).status, token.slice(0, 20)).toBe(200);
    for (const token of ["", "signkey-test-", hashed.slice(1), `${hex}00`])
      expect((await register(token)).status, token.slice(0, 20)).toBe(401);
  });

  it("refuses events with the wrong event key and registrations with the wrong signing key", async () => {
    const event = await fetch(`${h.serverUrl}/e/wrong-key`, {
      method: "POST",
      body: JSON.stringify({ name: "test/signed" }),
    });
    expect(event.status).toBe(401);
    expect(await event.json()).toMatchObject({ error: "Event key not found" });
    const register = await fetch(`${h.serverUrl}/fn/register`, {
      method: "POST",
      headers: { authorization: "Bearer signkey-test-0000" },
      body: JSON.stringify({ url: h.appUrl, appName: "intruder", functions: [] }),
    });
    expect(register.status).toBe(401);
    const checkpoint = await fetch(`${h.serverUrl}/v1/checkpoint/some-run/async`, {
      method: "POST",
      body: JSON.stringify({ qi_id: "1.x", steps: [] }),
    });
    expect(checkpoint.status).toBe(401);
  });
});
