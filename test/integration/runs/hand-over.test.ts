// A run started by a request is committed, answered, and handed to Inngest meanwhile: a slow or
// unreachable Inngest never holds the answer, and the hand-over still happens.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startRun } from "@/server/runs/start-run";
import { createTeamWithOwner } from "../../factories";
import { code, flowDocument } from "../../factories/flow-document";

/** A stand-in for Inngest's event API that holds each request until released. */
async function slowEventApi() {
  const received: { name: string; id?: string }[] = [];
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(...(JSON.parse(body) as { name: string; id?: string }[]));
      held.push(() =>
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ ids: ["stand-in"], status: 200 })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, release: () => held.splice(0).forEach((answer) => answer()), server };
}

describe("handing a started run to Inngest", async () => {
  const api = await slowEventApi();
  afterAll(() => {
    api.release();
    api.server.close();
  });
  const client = new Inngest({ id: "hand-over-test", baseUrl: api.url, isDev: true });
  const { team, owner, caller } = await createTeamWithOwner("Hand-over");
  const flow = await caller.flow.create({ name: "Quick" });
  await caller.flow.save({
    flowId: flow.id,
    document: flowDocument({ name: "Quick", nodes: [code("a", "return 1")], edges: [] }),
    baseVersion: 1,
  });
  const request = { teamId: team.id, userId: owner.id, trigger: "API" as const };

  it("a request's run is answered while Inngest takes it; Inngest gets it all the same", async () => {
    const run = await startRun(
      request,
      { flowId: flow.id, parameters: {} },
      client,
      "while-answering",
    );
    // Answered, committed, and Inngest has not answered yet.
    expect(await db().run.findUnique({ where: { id: run.id } })).toMatchObject({
      status: "PENDING",
    });
    await expect.poll(() => api.received.map((event) => event.id)).toContain(`run-${run.id}`);
    api.release();
  });

  it("a schedule's run (the default) is answered only once Inngest has it", async () => {
    let answered = false;
    const started = startRun(request, { flowId: flow.id, parameters: {} }, client).then((run) => {
      answered = true;
      return run;
    });
    await expect.poll(() => api.received.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    api.release();
    const run = await started;
    expect(api.received.at(-1)!.id).toBe(`run-${run.id}`);
  });
});
