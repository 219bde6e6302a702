import { describe, expect, it } from "vitest";
import { copyFragment, parseFragment, rebase } from "@/lib/flow/clipboard";
import { autoLayout } from "@/lib/flow/layout";
import { flowDocument } from "../factories/flow-document";

describe("copy and paste fragments", () => {
  const doc = flowDocument({ chain: ["a", "b", "c"] });
  doc.nodes[1]!.config = { expression: "{{ nodes.a.output }}" };

  it("copies the selected nodes with only the edges between them", () => {
    const fragment = copyFragment(doc.nodes.slice(0, 2), doc.edges);
    expect(fragment.edges.map((e) => [e.source, e.target])).toEqual([["a", "b"]]);
    expect(parseFragment(JSON.stringify(fragment))).toEqual(fragment);
  });

  it("ignores clipboard text that is not a fragment", () => {
    expect(parseFragment("hello")).toBeNull();
    expect(parseFragment(JSON.stringify({ schemaVersion: 1, nodes: [] }))).toBeNull();
  });

  it("renames pasted ids that are taken, rewires edges and expressions, and offsets positions", () => {
    const pasted = rebase(
      copyFragment(doc.nodes.slice(0, 2), doc.edges),
      new Set(["a", "b", "a_2", "e0_copy"]),
      { x: 40, y: 40 },
    );
    expect(pasted.nodes.map((n) => n.id)).toEqual(["a_3", "b_2"]);
    expect(pasted.nodes[1]!.config).toEqual({ expression: "{{ nodes.a_3.output }}" });
    expect(pasted.edges).toEqual([
      { id: "e0_copy2", source: "a_3", target: "b_2", sourceHandle: null },
    ]);
    expect(pasted.nodes[0]!.position).toEqual({ x: 40, y: 40 });
  });
});

describe("auto-layout", () => {
  it("places a chain left to right without overlaps", () => {
    const positions = autoLayout(
      ["a", "b", "c"],
      [
        { source: "a", target: "b" },
        { source: "b", target: "c" },
      ],
    );
    const xs = ["a", "b", "c"].map((id) => positions.get(id)!.x);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]! - xs[0]!).toBeGreaterThanOrEqual(200);
    expect(xs[2]! - xs[1]!).toBeGreaterThanOrEqual(200);
  });
});
