import type { FlowDocument, FlowNode } from "@/lib/flow/document";

/** A node with defaults; `block` defaults to a transform whose config is complete. */
export const node = (id: string, overrides: Partial<FlowNode> = {}): FlowNode => ({
  id,
  block: "transform.jsonata",
  name: id,
  position: { x: 0, y: 0 },
  config: { expression: "$" },
  retries: 0,
  retryDelaySeconds: 10,
  ...overrides,
});

/** An edge from `source` to `target`, leaving from `sourceHandle`. */
export const edge = (
  source: string,
  target: string,
  sourceHandle: "true" | "false" | "error" | null = null,
) => ({ id: `${source}-${target}`, source, target, sourceHandle });

/** A JavaScript code node. */
export const code = (id: string, source: string, extra: Partial<FlowNode> = {}) =>
  node(id, { block: "code.javascript", config: { code: source }, ...extra });

/** A valid document: a chain a → b → … of the given node ids unless edges are given. */
/** An approval node that waits an hour, then does `onTimeout`. */
export const approvalNode = (
  id: string,
  config: { onTimeout: "reject" | "approve" | "fail"; message?: string },
) => node(id, { block: "flow.approval", config: { timeoutSeconds: 3600, ...config } });

export function flowDocument(
  overrides: Partial<FlowDocument> & { chain?: string[] } = {},
): FlowDocument {
  const { chain = ["a", "b"], ...rest } = overrides;
  return {
    schemaVersion: 1,
    name: "Test flow",
    description: "",
    parameters: [],
    nodes: chain.map((id, index) => node(id, { position: { x: index * 200, y: 0 } })),
    edges: chain.slice(1).map((id, index) => ({
      id: `e${index}`,
      source: chain[index]!,
      target: id,
      sourceHandle: null,
    })),
    notes: [],
    ...rest,
  };
}
