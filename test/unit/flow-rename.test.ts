import { describe, expect, it } from "vitest";
import { renameProblem, renameReferences } from "@/lib/flow/rename";

describe("renaming a node id", () => {
  it("moves every reference in templates, JSONata and code, and nothing else", () => {
    const config = {
      url: "https://api/{{ nodes.fetch.output.body.next }}",
      code: "const a = nodes.fetch.output; const b = nodes.fetcher.output; return nodes['fetch'].error;",
      expression: 'nodes.`fetch`.output.items[price > 1] & nodes["fetch"].output',
      list: [{ deep: "{{ $count(nodes.fetch.output) }}" }],
      other: "fetch nodes.fetch-old.output",
      number: 3,
    };
    expect(renameReferences(config, "fetch", "load")).toEqual({
      url: "https://api/{{ nodes.load.output.body.next }}",
      code: "const a = nodes.load.output; const b = nodes.fetcher.output; return nodes['load'].error;",
      expression: 'nodes.`load`.output.items[price > 1] & nodes["load"].output',
      list: [{ deep: "{{ $count(nodes.load.output) }}" }],
      other: "fetch nodes.fetch-old.output",
      number: 3,
    });
    // An id with a dash is not a JavaScript name: it is written in JSONata's backticks.
    expect(renameReferences("{{ nodes.fetch.output }}", "fetch", "get-items")).toBe(
      "{{ nodes.`get-items`.output }}",
    );
    expect(renameReferences("return nodes.fetch.output", "fetch", "get-items", "javascript")).toBe(
      'return nodes["get-items"].output',
    );
  });

  it("refuses ids that are taken or malformed", () => {
    expect(renameProblem("a", "a", ["a", "b"])).toBeNull();
    expect(renameProblem("a", "c", ["b"])).toBeNull();
    expect(renameProblem("a", "b", ["b"])).toBe('Another node is already called "b"');
    expect(renameProblem("a", "1st", [])).toMatch(/starts with a letter/);
    expect(renameProblem("a", "x".repeat(65), [])).toMatch(/at most 64/);
  });
});
