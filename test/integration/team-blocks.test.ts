import { describe, expect, it } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import { db } from "@/server/db/client";
import { callerFor } from "../factories";
import { code, edge, flowDocument, node } from "../factories/flow-document";
import { startEngine } from "./engine/engine-harness";

describe("team blocks: a flow published as a block", async () => {
  const engine = await startEngine();
  const caller = callerFor(engine.userId, engine.teamId);

  /** "Scale": n × factor, then a leaf after it (the result node is not a leaf). */
  const scale = (factor: number): FlowDocument =>
    flowDocument({
      name: "Scale",
      parameters: [{ name: "n", type: "number", required: true, description: "" }],
      nodes: [code("times", `return params.n * ${factor}`), code("log", "return 'logged'")],
      edges: [edge("times", "log")],
    });
  const user = (config: Record<string, unknown>) =>
    flowDocument({
      name: "Uses Scale",
      nodes: [
        code("seed", "return 21"),
        node("scaled", { block: "flow.block", name: "Scale", config }),
      ],
      edges: [edge("seed", "scaled")],
    });

  it("publishes, runs its pinned version as a linked child run, offers newer versions, and refuses to unpublish while used", async () => {
    const flowId = await engine.flow(scale(2));
    await expect(
      caller.flow.publish({ flowId, name: "Scale", resultNodeId: "nope" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'Version 1 has no node "nope"' });
    expect(
      await caller.flow.publish({
        flowId,
        name: "Scale",
        description: "n times",
        icon: "chart",
        resultNodeId: "times",
      }),
    ).toEqual({ flowId, version: 1 });
    expect(await caller.flow.blocks()).toEqual([
      expect.objectContaining({
        flowId,
        version: 1,
        name: "Scale",
        icon: "chart",
        resultNodeId: "times",
        deprecated: false,
        parameters: [expect.objectContaining({ name: "n", type: "number" })],
      }),
    ]);

    const config = {
      flowId,
      version: 1,
      resultNodeId: "times",
      parameters: { n: "{{ nodes.seed.output }}" },
    };
    const run = await engine.run(user(config));
    expect(run.status).toBe("COMPLETED");
    expect(run.node.scaled!.output).toBe(42);
    const child = await db().run.findFirstOrThrow({
      where: { parentRunId: run.id, parentNodeId: "scaled" },
    });
    expect(child.status).toBe("COMPLETED");

    // Version 2 published: the node keeps running version 1 until it is updated.
    await caller.flow.save({ flowId, document: scale(3), baseVersion: 1 });
    expect(await caller.flow.publish({ flowId, name: "Scale", resultNodeId: "times" })).toEqual({
      flowId,
      version: 2,
    });
    expect((await caller.flow.blocks())[0]!.version).toBe(2);
    expect((await engine.run(user(config))).node.scaled!.output).toBe(42);
    expect((await engine.run(user({ ...config, version: 2 }))).node.scaled!.output).toBe(63);
    // Without a result node: the leaves' outputs by id.
    expect((await engine.run(user({ ...config, resultNodeId: "" }))).node.scaled!.output).toEqual({
      log: "logged",
    });

    // Used by a flow: unpublishing is refused, naming it; deprecating keeps it for that flow.
    await engine.flow(user(config));
    await expect(caller.flow.unpublish({ flowId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('"Scale" is used by "Uses Scale"'),
    });
    expect(await caller.flow.unpublish({ flowId, deprecate: true })).toEqual({ deprecated: true });
    expect((await caller.flow.blocks())[0]!.deprecated).toBe(true);
    expect((await engine.run(user(config))).node.scaled!.output).toBe(42);
  });

  it("refuses a version that cannot run, and a pinned version that does not exist fails the node clearly", async () => {
    const broken = await engine.flow(
      flowDocument({
        name: "Broken",
        nodes: [node("h", { block: "http.request", config: { method: "GET", url: "" } })],
        edges: [],
      }),
    );
    await expect(caller.flow.publish({ flowId: broken, name: "Broken" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Version 1 cannot run until it is fixed/),
    });
    const flowId = await engine.flow(scale(2));
    await caller.flow.publish({ flowId, name: "Scale again" });
    const run = await engine.run(user({ flowId, version: 9, parameters: { n: 1 } }));
    expect(run.node.scaled!.error).toMatchObject({
      message: expect.stringContaining("has no version 9"),
    });
  });
});
