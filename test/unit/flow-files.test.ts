import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "@/cli/main";
import type { Output } from "@/cli/output";
import { describeChange, fieldChanges } from "@/lib/flow/field-diff";
import { formatFlowFile } from "@/lib/flow/format";
import { code, edge, flowDocument, node } from "../factories/flow-document";

function captured(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), tty: false };
}

describe("flow files", () => {
  it("print the same text whatever order the keys arrived in", () => {
    const doc = flowDocument({
      nodes: [node("a", { config: { z: 1, a: { y: 2, b: 3 } } })],
      edges: [],
    });
    const shuffled = JSON.parse(
      JSON.stringify({
        edges: doc.edges,
        notes: doc.notes,
        nodes: doc.nodes.map((n) => ({
          config: n.config,
          retries: n.retries,
          position: n.position,
          name: n.name,
          block: n.block,
          id: n.id,
          retryDelaySeconds: n.retryDelaySeconds,
        })),
        parameters: doc.parameters,
        description: doc.description,
        name: doc.name,
        schemaVersion: 1,
      }),
    );
    const text = formatFlowFile(shuffled);
    expect(text).toBe(formatFlowFile(doc));
    expect(Object.keys(JSON.parse(text))).toEqual([
      "schemaVersion",
      "name",
      "description",
      "parameters",
      "nodes",
      "edges",
      "notes",
    ]);
    expect(Object.keys(JSON.parse(text).nodes[0])).toEqual([
      "id",
      "block",
      "name",
      "position",
      "config",
      "retries",
      "retryDelaySeconds",
    ]);
    expect(Object.keys(JSON.parse(text).nodes[0].config.a)).toEqual(["b", "y"]);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("diff field by field, matching nodes by id and parameters by name", () => {
    const before = flowDocument({
      parameters: [{ name: "day", type: "string", required: false, description: "" }],
      nodes: [code("a", "return 1"), code("b", "return 2"), code("gone", "return 3")],
      edges: [edge("a", "b")],
    });
    const after = flowDocument({
      parameters: [{ name: "day", type: "string", required: true, description: "" }],
      nodes: [code("b", "return 2"), code("a", "return 10"), code("new", "return 4")],
      edges: [edge("a", "b"), edge("b", "new")],
    });
    expect(fieldChanges(before, after).map(describeChange)).toEqual([
      "~ parameters.day.required: false → true",
      '~ nodes.a.config.code: "return 1" → "return 10"',
      expect.stringMatching(/^\+ nodes\.new: \{"id":"new"/),
      expect.stringMatching(/^- nodes\.gone: \{"id":"gone"/),
      '+ edges.b-new: {"id":"b-new","source":"b","target":"new","sourceHandle":null}',
    ]);
    expect(fieldChanges(before, before)).toEqual([]);
  });
});

describe("weft (command line)", () => {
  it("validates files offline: errors name the field, exit 1; a good file passes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "weft-validate-"));
    const good = path.join(dir, "good.flow.json");
    const bad = path.join(dir, "bad.flow.json");
    writeFileSync(good, formatFlowFile(flowDocument()));
    writeFileSync(bad, JSON.stringify({ ...flowDocument(), schemaVersion: 2, nodes: "many" }));
    const output = captured();
    expect(await main(["validate", good], output)).toBe(0);
    expect(output.lines).toEqual([`✓ ${good}`]);
    expect(await main(["validate", good, bad, path.join(dir, "missing.flow.json")], output)).toBe(
      1,
    );
    expect(output.lines).toContain("    error   schemaVersion: must be 1");
    expect(output.lines).toContain(
      "    error   nodes: Invalid input: expected array, received string",
    );
    expect(output.lines).toContain("    error   not valid JSON: no such file");
  });

  it("answers wrong usage with a message and exit 2, and helps with every command", async () => {
    const output = captured();
    expect(await main(["deploy"], output)).toBe(2);
    expect(output.errors.at(-1)).toContain('unknown command "deploy"');
    expect(await main(["run", "x", "--nope"], output)).toBe(2);
    expect(output.errors.at(-1)).toContain("Unknown option '--nope'");
    expect(await main(["runs", "--limit", "500", "--api-key", "k"], output)).toBe(2);
    expect(output.errors.at(-1)).toContain("--limit must be a whole number from 1 to 100");
    expect(await main(["run", "x", "--api-key", "k", "--url", "ftp://x"], output)).toBe(2);
    expect(await main(["validate"], output)).toBe(2);
    for (const command of ["pull", "push", "validate", "run", "runs", "export"]) {
      const help = captured();
      expect(await main([command, "--help"], help)).toBe(0);
      expect(help.lines[0]).toMatch(new RegExp(`^Usage: weft ${command}`));
    }
  });
});
