import { describe, expect, it } from "vitest";
import { wouldCreateCycle } from "@/lib/flow/graph";
import { findProblems } from "@/lib/flow/problems";
import { stepBudget } from "@/lib/flow/step-budget";
import {
  canvasToDocument,
  documentToCanvas,
  ESTIMATED_NODE,
  estimatedSize,
} from "@/lib/flow/react-flow";
import { validateFlowDocument } from "@/lib/flow/validate";
import { parseTemplate } from "@/lib/expressions/template";
import { flowDocument, node } from "../factories/flow-document";
import { bigDocument } from "../support/big-document";

const errors = (raw: unknown) => {
  const result = validateFlowDocument(raw);
  return result.ok ? [] : result.errors.map((error) => `${error.path}: ${error.message}`);
};

describe("flow document validation", () => {
  it("accepts a valid chain and fills defaults", () => {
    const result = validateFlowDocument({
      ...flowDocument(),
      notes: undefined,
      description: undefined,
    });
    expect(result.ok && result.document.notes).toEqual([]);
  });

  it.each([
    [{ schemaVersion: 2 }, "schemaVersion: must be 1"],
    [{ name: "" }, "name: must not be empty"],
    [{ nodes: [node("1bad")] }, "nodes[0].id: must start with a letter"],
    [{ nodes: [node("a", { position: { x: "0" as never, y: 0 } })] }, "nodes[0].position.x"],
    [
      {
        nodes: [
          node("a", { config: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } }),
        ],
      },
      "nodes[0].config: must not nest deeper than 8 levels",
    ],
    [{ giveUpAfterSeconds: "10m" }, "giveUpAfterSeconds: must be a number of seconds"],
    [{ giveUpAfterSeconds: 90.5 }, "giveUpAfterSeconds: must be whole seconds"],
    [{ giveUpAfterSeconds: 30 }, "giveUpAfterSeconds: must be at least a minute"],
    [{ giveUpAfterSeconds: 400 * 86_400 }, "giveUpAfterSeconds: must be at most 366 days"],
  ])("refuses %j with a path", (patch, message) => {
    expect(errors({ ...flowDocument(), ...patch }).join("\n")).toContain(message);
  });

  it("refuses duplicate ids, dangling edges, unknown blocks, cycles and bad handles", () => {
    const doc = flowDocument({ chain: ["a", "b", "c"] });
    expect(errors({ ...doc, nodes: [...doc.nodes, node("a")] })).toContain(
      'nodes[3].id: Duplicate node id "a"',
    );
    expect(
      errors({
        ...doc,
        edges: [...doc.edges, { id: "x", source: "c", target: "ghost", sourceHandle: null }],
      }),
    ).toContain('edges[2].target: Edge x points at unknown node "ghost"');
    expect(
      errors({ ...doc, nodes: [node("a", { block: "made.up" }), ...doc.nodes.slice(1)] }),
    ).toContain('nodes[0].block: Unknown block "made.up"');
    expect(
      errors({
        ...doc,
        edges: [...doc.edges, { id: "back", source: "c", target: "a", sourceHandle: null }],
      }).join(),
    ).toContain("is on a cycle");
    expect(
      errors({ ...doc, edges: [{ ...doc.edges[0]!, sourceHandle: "true" }, doc.edges[1]] }),
    ).toContain('edges[0].sourceHandle: "a" has no "true" handle');
  });

  it("requires condition edges to leave from true or false", () => {
    const doc = flowDocument({ chain: ["check", "yes"] });
    doc.nodes[0] = node("check", {
      block: "logic.condition",
      config: { expression: "{{ true }}" },
    });
    expect(errors(doc)).toContain(
      'edges[0].sourceHandle: An edge out of "check" must leave from its true or false handle',
    );
    doc.edges[0]!.sourceHandle = "true";
    expect(errors(doc)).toEqual([]);
  });

  it("refuses an expression that references a node that is not upstream", () => {
    const doc = flowDocument({ chain: ["a", "b"] });
    doc.nodes[0]!.config = { expression: "{{ nodes.b.output }}" };
    expect(errors(doc)).toContain(
      "nodes[0].config.expression: {{ nodes.b }} is not upstream of this node",
    );
    doc.nodes[0]!.config = { expression: "$" };
    doc.nodes[1]!.config = { expression: "{{ nodes.a.output.items }}" };
    expect(errors(doc)).toEqual([]);
  });

  it("finds broken JSONata at save (code, expression and {{ }} fields) and warns of broken JavaScript", () => {
    const doc = flowDocument({ chain: ["a", "b", "c", "d"] });
    doc.nodes[0]!.config = { expression: "$sum(items" };
    doc.nodes[1] = node("b", { block: "logic.condition", config: { expression: "{{ $ = }}" } });
    doc.nodes[2] = node("c", {
      block: "http.request",
      config: { method: "GET", url: "https://x.test/{{ nodes.a.output[ }}" },
    });
    doc.nodes[3] = node("d", {
      block: "code.javascript",
      config: { code: "const a = ;\nreturn a" },
    });
    doc.edges[1]!.sourceHandle = "true";
    expect(errors(doc)).toEqual([
      'nodes[0].config.expression: Expression: Expected ")" before end of expression (at position 10)',
      expect.stringMatching(/^nodes\[1\]\.config\.expression: Condition: .+\(at position \d+\)$/),
      expect.stringMatching(/^nodes\[2\]\.config\.url: URL: .+\(at position \d+\)$/),
    ]);
    const problems = findProblems(doc).filter((p) => p.nodeId === "d");
    expect(problems).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "Code: syntax error at line 1, column 11",
      }),
    ]);
    doc.nodes[0]!.config = { expression: "$sum(items)" };
    doc.nodes[1]!.config = { expression: "{{ $ = 1 }}" };
    doc.nodes[2]!.config = { method: "GET", url: "https://x.test/{{ nodes.a.output[0] }}" };
    doc.nodes[3]!.config = { code: "const a = 1;\nreturn a" };
    expect(findProblems(doc)).toEqual([]);
  });

  it("refuses at save an import outside the standard library, naming what may be imported", () => {
    const doc = flowDocument({ chain: ["a"] });
    const code = [
      'import { groupBy } from "lodash-es";',
      "import * as fs from 'fs';",
      "const n: number = 1;",
      'const axios = require("axios"); const cp = await import("child_process");',
      'import type { Schema } from "zod";',
      'export { format } from "date-fns";',
      "return groupBy([n], String);",
    ].join("\n");
    doc.nodes[0] = node("a", {
      block: "code.javascript",
      config: { code, language: "typescript" },
    });
    const allowed =
      "a code node may import only lodash-es, date-fns, @date-fns/tz, papaparse, fast-xml-parser, zod, uuid, @weft/crypto";
    expect(errors(doc)).toEqual([
      `nodes[0].config.code: Code: line 2: Cannot import "fs": ${allowed}`,
      `nodes[0].config.code: Code: line 4: Cannot import "axios": ${allowed}`,
      `nodes[0].config.code: Code: line 4: Cannot import "child_process": ${allowed}`,
    ]);
    doc.nodes[0]!.config = {
      code: code
        .split("\n")
        .filter((_, i) => i !== 1 && i !== 3)
        .join("\n"),
    };
    expect(errors(doc)).toEqual([]);
  });

  it("lets a draft with an empty required field save, flagged as a warning", () => {
    const doc = flowDocument({ chain: ["a"] });
    doc.nodes[0] = node("a", { block: "http.request", config: { method: "GET", url: "" } });
    const result = validateFlowDocument(doc);
    expect(result.ok && result.warnings.map((w) => w.message)).toEqual(["URL is required"]);
  });

  it("warns about disconnected nodes", () => {
    const doc = flowDocument({ chain: ["a", "b"], edges: [] });
    expect(findProblems(doc).map((p) => [p.severity, p.message])).toEqual([
      ["warning", '"a" is not connected'],
      ["warning", '"b" is not connected'],
    ]);
  });

  it("flags a flow too big to run on Inngest (over 1,000 steps), counting retries and their waits", () => {
    const ids = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const retrying = (retries: number, retryDelaySeconds: number) =>
      flowDocument({
        chain: ids,
        nodes: ids.map((id) => node(id, { retries, retryDelaySeconds })),
      });
    expect(stepBudget(retrying(0, 0))).toBe(54);
    expect(stepBudget(retrying(10, 5))).toBe(50 * 21 + 4);
    const tooBig = findProblems(retrying(10, 5)).find((p) => p.message.startsWith("Too big"));
    expect(tooBig).toMatchObject({ severity: "warning", blocksRun: true });
    expect(tooBig?.message).toContain("up to 1,054 steps");
    expect(findProblems(retrying(10, 0)).some((p) => p.message.startsWith("Too big"))).toBe(false);
    // A for-each subflow costs the same few steps whatever the number of items.
    expect(
      stepBudget(flowDocument({ nodes: [node("each", { block: "flow.subflow" })], edges: [] })),
    ).toBe(8);
  });
});

describe("graph helpers", () => {
  const edges = [
    { source: "a", target: "b" },
    { source: "b", target: "c" },
  ];
  it("detects a connection that would close a cycle", () => {
    expect(wouldCreateCycle(edges, "c", "a")).toBe(true);
    expect(wouldCreateCycle(edges, "a", "a")).toBe(true);
    expect(wouldCreateCycle(edges, "a", "c")).toBe(false);
  });
});

describe("document ⇄ canvas", () => {
  it("round-trips a document through React Flow nodes and edges", () => {
    const doc = {
      ...flowDocument({
        chain: ["a", "b", "c"],
        notes: [{ id: "n1", text: "hello", position: { x: 5, y: 6 } }],
      }),
      giveUpAfterSeconds: 600,
    };
    const { nodes, edges } = documentToCanvas(doc);
    expect(nodes.map((n) => n.type)).toEqual(["block", "block", "block", "note"]);
    const back = canvasToDocument(
      doc,
      nodes.map((n) => ({ ...n, selected: true, dragging: false })),
      edges,
    );
    expect(back).toEqual(doc);
  });
});

describe("a block node before it is drawn", () => {
  it("has a size and handles, so React Flow need not draw it to place it or its edges", () => {
    const doc = flowDocument({ chain: ["a"] });
    doc.nodes.push({ ...doc.nodes[0]!, id: "check", block: "logic.condition" });
    const [plain, condition] = documentToCanvas(doc).nodes;
    const size = estimatedSize(doc.nodes[0]!.block, doc.nodes[0]!.config);
    expect(plain).toMatchObject({ initialWidth: size.width, initialHeight: size.height });
    expect(plain!.measured).toEqual(size);
    const handles = (node: typeof plain) =>
      node!.handles!.map((handle) => `${handle.type}:${handle.id ?? "-"}:${handle.position}`);
    expect(handles(plain)).toEqual(["target:-:left", "source:-:right", "source:error:bottom"]);
    expect(handles(condition)).toEqual([
      "target:-:left",
      "source:true:right",
      "source:false:right",
      "source:error:bottom",
    ]);
    // Centred on the node's edges, true above false.
    const [input, yes, no] = condition!.handles!;
    expect(input!.x + input!.width! / 2).toBe(0);
    expect(yes!.x + yes!.width! / 2).toBe(ESTIMATED_NODE.width);
    // A summary line makes a node taller.
    expect(estimatedSize("transform.jsonata", { expression: "$sum(x)" }).height).toBe(
      estimatedSize("transform.jsonata", { expression: "" }).height + ESTIMATED_NODE.summaryLine,
    );
    expect(yes!.y).toBeLessThan(no!.y);
  });
});

describe("docs/flow-document.schema.json", () => {
  it("is generated from the current zod schema (npm run docs:flow-schema)", async () => {
    const { readFileSync } = await import("node:fs");
    const { flowDocumentJsonSchema } = await import("@/lib/flow/json-schema");
    expect(JSON.parse(readFileSync("docs/flow-document.schema.json", "utf8"))).toEqual(
      JSON.parse(JSON.stringify(flowDocumentJsonSchema())),
    );
  });
});

describe("validation stays linear on documents that once froze the server", () => {
  // Not a benchmark (see npm run bench:validate): a regression guard with a 100× margin.
  it(
    "checks 1,000 nodes and ~4,000 edges with references, finding a bad one",
    { timeout: 5_000 },
    () => {
      const document = bigDocument(1_000, 4);
      expect(validateFlowDocument(document).ok).toBe(true);
      document.nodes[10]!.config.url = "https://x.test/{{ nodes.n999.output }}";
      expect(validateFlowDocument(document)).toMatchObject({
        ok: false,
        errors: [
          {
            path: "nodes[10].config.url",
            message: "{{ nodes.n999 }} is not upstream of this node",
          },
        ],
      });
    },
  );

  it("reads a 400 KB field of unclosed {{ as text", { timeout: 5_000 }, () => {
    const document = bigDocument(2, 1);
    document.nodes[1]!.config.url = "{{".repeat(200_000);
    expect(validateFlowDocument(document).ok).toBe(true);
    expect(parseTemplate("a {{ b }} {{ c")).toEqual([
      { kind: "text", text: "a " },
      { kind: "expression", source: " b " },
      { kind: "text", text: " {{ c" },
    ]);
  });
});

describe("configs are checked strictly at save", () => {
  it("refuses a setting the block does not have, naming it", () => {
    expect(
      errors(
        flowDocument({
          nodes: [node("wait", { block: "flow.delay", config: { duration: "200ms" } })],
          edges: [],
        }),
      ),
    ).toEqual(['nodes[0].config.duration: Delay has no setting "duration"']);
  });

  it("saves a delay with neither seconds nor an end time as a draft that cannot run", () => {
    const problems = findProblems(
      flowDocument({ nodes: [node("wait", { block: "flow.delay", config: {} })], edges: [] }),
    );
    expect(problems).toEqual([
      {
        severity: "warning",
        message: "Delay needs Seconds or Or until",
        nodeId: "wait",
        path: "nodes[0].config.seconds",
        blocksRun: true,
      },
    ]);
  });
});
