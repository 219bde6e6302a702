import { describe, expect, it } from "vitest";
import {
  completePath,
  completeTemplate,
  type CompletionScope,
} from "@/lib/expressions/completions";
import { SAMPLE_LIMITS, shrinkSample } from "@/lib/expressions/sample";

const scope: CompletionScope = {
  params: [
    { name: "city", type: "string", sample: "Oslo" },
    { name: "options", type: "json", sample: { units: "metric", days: 3 } },
    { name: "limit", type: "number" },
  ],
  nodes: [
    {
      id: "fetch",
      name: "Fetch items",
      sampled: true,
      output: { status: 200, body: { items: [{ id: 1, title: "a", tags: ["x"] }], total: 1 } },
    },
    { id: "later", name: "later", sampled: false },
  ],
  secrets: ["API_TOKEN"],
};
const labels = (before: string) => completePath(scope, before)?.options.map((o) => o.label);

describe("path completion from sample data", () => {
  it("completes roots, parameters, secrets and the run", () => {
    expect(labels("return pa")).toEqual(["params"]);
    expect(labels("x = n")).toEqual(["nodes"]);
    expect(labels("params.")).toEqual(["city", "options", "limit"]);
    expect(completePath(scope, "params.")!.options.map((o) => o.detail)).toEqual([
      "string",
      "object",
      "number",
    ]);
    expect(labels("params.options.")).toEqual(["units", "days"]);
    expect(labels("secrets.A")).toEqual(["API_TOKEN"]);
    expect(labels("run.")).toEqual(["id", "flow", "startedAt", "trigger"]);
    expect(labels("nothing.")).toBeUndefined();
    expect(labels("   ")).toBeUndefined();
  });

  it("offers upstream nodes by display name, then output, then the sample's own keys with types", () => {
    const nodes = completePath(scope, "nodes.")!;
    expect(nodes.options.map((o) => o.display)).toEqual(["Fetch items (fetch)", "later"]);
    expect(nodes.options[1]!.detail).toBe("node, no sample yet");
    expect(labels("nodes.fetch.")).toEqual(["output"]);
    expect(completePath(scope, "nodes.fetch.")!.options[0]!.detail).toBe("object");
    const deep = completePath(scope, "$sum(nodes.fetch.output.body.")!;
    expect(deep.options).toEqual([
      { label: "items", detail: "array[1]" },
      { label: "total", detail: "number" },
    ]);
    // A list is walked through its first item (JSONata maps over lists), or by index.
    expect(labels("nodes.fetch.output.body.items.")).toEqual(["id", "title", "tags"]);
    expect(labels("nodes.fetch.output.body.items[0].")).toEqual(["id", "title", "tags"]);
    expect(labels("nodes.later.output.")).toBeUndefined();
  });

  it("replaces only the part being typed", () => {
    const before = "const t = nodes.fetch.output.body.to";
    expect(completePath(scope, before)!.from).toBe(before.length - 2);
    expect(completePath(scope, "{{ nodes.fetch.output.")!.from).toBe(
      "{{ nodes.fetch.output.".length,
    );
  });
});

describe("sample data sent to the editor", () => {
  it("keeps the shape and cuts lists, strings, keys and depth", () => {
    const big = {
      list: Array.from({ length: 50 }, (_, i) => ({ i })),
      text: "x".repeat(1000),
      wide: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
      deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } },
    };
    const small = shrinkSample(big) as typeof big;
    expect(small.list).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(small.text).toHaveLength(SAMPLE_LIMITS.text + 1);
    expect(Object.keys(small.wide)).toHaveLength(SAMPLE_LIMITS.keys);
    expect(JSON.stringify(small.deep)).toBe('{"a":{"b":{"c":{"d":{"e":{"f":{"g":{}}}}}}}}');
    expect(shrinkSample(42)).toBe(42);
    expect(shrinkSample(null)).toBeNull();
  });
});

describe("completion inside {{ }} of a text field", () => {
  it("offers every root after {{, then paths, and nothing outside an open {{", () => {
    expect(completeTemplate(scope, "https://x/{{")!.options.map((o) => o.label)).toEqual([
      "params",
      "nodes",
      "secrets",
      "run",
    ]);
    expect(completeTemplate(scope, "https://x/{{ ")!.from).toBe(13);
    const deep = completeTemplate(scope, "id={{ nodes.fetch.output.body.it")!;
    expect(deep.options.map((o) => o.label)).toEqual(["items", "total"]);
    expect(deep.from).toBe("id={{ nodes.fetch.output.body.".length);
    expect(completeTemplate(scope, "{{ params.city }} and nodes.")).toBeNull();
    expect(completeTemplate(scope, "plain text")).toBeNull();
  });
});
