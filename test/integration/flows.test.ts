import { describe, expect, it } from "vitest";
import { emptyDocument } from "@/lib/flow/document";
import { db } from "@/server/db/client";
import { addMember, createTeamWithOwner } from "../factories";
import { flowDocument, node } from "../factories/flow-document";

async function versionCount() {
  return db().flowVersion.count();
}

describe("flows", () => {
  it("creates, saves immutable versions, and reads any version back", async () => {
    const { caller } = await createTeamWithOwner();
    const flow = await caller.flow.create({ name: "Daily ETL" });
    expect(flow.latestVersion).toBe(1);
    const document = flowDocument({ name: "Daily ETL" });
    const saved = await caller.flow.save({
      flowId: flow.id,
      document,
      baseVersion: 1,
      message: "two steps",
    });
    expect(saved).toMatchObject({
      number: 2,
      message: "two steps",
      author: { name: expect.any(String) },
    });
    expect((await caller.flow.version({ flowId: flow.id })).document).toEqual(document);
    expect((await caller.flow.version({ flowId: flow.id, number: 1 })).document).toEqual(
      emptyDocument("Daily ETL"),
    );
    expect((await caller.flow.versions({ flowId: flow.id })).map((v) => v.number)).toEqual([2, 1]);
  });

  it("refuses a save based on an older version unless forced: no silent lost update", async () => {
    const { caller, team } = await createTeamWithOwner();
    const { caller: colleague } = await addMember(caller, team.id, "EDITOR");
    const flow = await caller.flow.create({ name: "Shared" });
    await colleague.flow.save({
      flowId: flow.id,
      document: flowDocument({ name: "Shared" }),
      baseVersion: 1,
    });
    const before = await versionCount();
    await expect(
      caller.flow.save({ flowId: flow.id, document: emptyDocument("Shared"), baseVersion: 1 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(
        /^Version 2 was saved by User \d+ after you opened this flow$/,
      ),
    });
    expect(await versionCount()).toBe(before);
    const forced = await caller.flow.save({
      flowId: flow.id,
      document: emptyDocument("Shared"),
      baseVersion: 1,
      force: true,
    });
    expect(forced.number).toBe(3);
  });

  it("restores an old version as a new one", async () => {
    const { caller } = await createTeamWithOwner();
    const flow = await caller.flow.create({ name: "Restorable" });
    await caller.flow.save({
      flowId: flow.id,
      document: flowDocument({ name: "Restorable" }),
      baseVersion: 1,
    });
    const restored = await caller.flow.restore({ flowId: flow.id, number: 1 });
    expect(restored).toMatchObject({ number: 3, message: "Restored version 1" });
    expect((await caller.flow.version({ flowId: flow.id })).document.nodes).toEqual([]);
  });

  it("lists, searches, renames, tags, duplicates and deletes", async () => {
    const { caller } = await createTeamWithOwner();
    const a = await caller.flow.create({ name: "Billing sync" });
    await caller.flow.create({ name: "Nightly report" });
    await caller.flow.update({
      flowId: a.id,
      description: "Stripe to ledger",
      tags: ["Finance", "finance", "daily"],
    });
    expect((await caller.flow.list({ search: "billing" })).map((f) => f.name)).toEqual([
      "Billing sync",
    ]);
    expect((await caller.flow.list({ search: "finance" })).map((f) => f.tags)).toEqual([
      ["finance", "daily"],
    ]);
    const copy = await caller.flow.duplicate({ flowId: a.id });
    expect(copy.name).toBe("Copy of Billing sync");
    await caller.flow.delete({ flowId: a.id });
    expect((await caller.flow.list()).map((f) => f.name).sort()).toEqual([
      "Copy of Billing sync",
      "Nightly report",
    ]);
  });

  it("imports a valid document as a new flow", async () => {
    const { caller } = await createTeamWithOwner();
    const imported = await caller.flow.import({ document: flowDocument({ name: "Imported" }) });
    expect((await caller.flow.version({ flowId: imported.id })).document).toEqual(
      flowDocument({ name: "Imported" }),
    );
  });

  it("lets viewers read but not change flows", async () => {
    const { caller, team } = await createTeamWithOwner();
    const flow = await caller.flow.create({ name: "Read only" });
    const { caller: viewer } = await addMember(caller, team.id, "VIEWER");
    await expect(viewer.flow.version({ flowId: flow.id })).resolves.toBeDefined();
    await expect(
      viewer.flow.save({ flowId: flow.id, document: emptyDocument("x"), baseVersion: 1 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.flow.create({ name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("flow.save refuses bad documents, saving nothing", async () => {
  const { caller } = await createTeamWithOwner();
  const flow = await caller.flow.create({ name: "Target" });
  const chain = (count: number) =>
    flowDocument({ chain: Array.from({ length: count }, (_, i) => `n${i}`) });
  const cyclic = flowDocument({ chain: ["a", "b"] });
  cyclic.edges.push({ id: "back", source: "b", target: "a", sourceHandle: null });
  const duplicate = flowDocument({ chain: ["a", "b"] });
  duplicate.nodes.push(node("a"));
  const huge = flowDocument({ chain: ["a"] });
  huge.nodes[0]!.config = { expression: "$", blob: "x".repeat(10 * 1024 * 1024) };
  let nested: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 50; i++) nested = { inner: nested };

  it.each([
    [
      "not an object",
      "hello",
      "BAD_REQUEST",
      "document: Invalid input: expected object, received string",
    ],
    [
      "an unknown block",
      flowDocument({ chain: ["a"], nodes: [node("a", { block: "nope.nope" })] }),
      "BAD_REQUEST",
      'nodes[0].block: Unknown block "nope.nope"',
    ],
    ["a 10 MB document", huge, "PAYLOAD_TOO_LARGE", "the limit is 2 MB"],
    ["5,000 nodes", chain(5000), "BAD_REQUEST", "nodes: a flow has at most 1000 nodes"],
    ["a cyclic graph", cyclic, "BAD_REQUEST", "is on a cycle: flows must not loop"],
    ["duplicate node ids", duplicate, "BAD_REQUEST", 'nodes[2].id: Duplicate node id "a"'],
    [
      "a deeply nested config",
      flowDocument({ chain: ["a"], nodes: [node("a", { config: { expression: "$", nested } })] }),
      "BAD_REQUEST",
      "nodes[0].config: must not nest deeper than 8 levels",
    ],
  ])("%s", async (_name, document, code, message) => {
    const before = await versionCount();
    const error = await caller.flow
      .save({ flowId: flow.id, document, baseVersion: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(message);
    expect(await versionCount()).toBe(before);
  });
});
