import type { FlowDocument } from "@/lib/flow/document";

/**
 * A document of `nodes` HTTP nodes and about `edgesPerNode` edges each (a layered DAG), every
 * node referring to an upstream node in a `{{ }}` field: the shape that once froze validation.
 */
export function bigDocument(nodes = 1_000, edgesPerNode = 4, extra = ""): FlowDocument {
  const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
  const seen = new Set<string>();
  const edges = ids.flatMap((target, i) =>
    Array.from({ length: Math.min(i, edgesPerNode) }, (_, k) => {
      const source = ids[i - 1 - k * 7 < 0 ? i - 1 - k : i - 1 - k * 7]!;
      if (seen.has(`${source}>${target}`)) return [];
      seen.add(`${source}>${target}`);
      return [{ id: `e${i}-${k}`, source, target, sourceHandle: null }];
    }).flat(),
  );
  return {
    schemaVersion: 1,
    name: "Big",
    description: "",
    parameters: [],
    nodes: ids.map((id, i) => ({
      id,
      block: "http.request",
      name: id,
      position: { x: i * 10, y: 0 },
      config: {
        method: "GET",
        url: `https://api.example.test/${i ? `{{ nodes.${ids[i - 1]}.output }}` : ""}${extra}`,
      },
      retries: 0,
      retryDelaySeconds: 10,
    })),
    edges,
    notes: [],
  };
}
