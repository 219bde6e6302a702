import { describe, expect, it } from "vitest";
import { diffDocuments } from "@/lib/flow/diff";
import { flowDocument, node } from "../factories/flow-document";

describe("diffDocuments", () => {
  it("reports added, changed and removed nodes and edges, ignoring moves", () => {
    const before = flowDocument({ chain: ["a", "b", "c"] });
    const after = flowDocument({ chain: ["a", "b", "d"] });
    after.nodes[0] = { ...after.nodes[0]!, position: { x: 999, y: 999 } };
    after.nodes[1] = node("b", { name: "Renamed", position: after.nodes[1]!.position });
    expect(diffDocuments(before, after)).toEqual({
      nodes: { b: "changed", d: "added" },
      removedNodes: ["c"],
      addedEdges: ["e1"],
      removedEdges: ["b → c"],
    });
  });

  it("finds nothing between equal documents", () => {
    const doc = flowDocument();
    expect(diffDocuments(doc, structuredClone(doc))).toEqual({
      nodes: {},
      removedNodes: [],
      addedEdges: [],
      removedEdges: [],
    });
  });
});
