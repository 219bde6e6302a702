import type { FlowDocument } from "./document";

/** What changed from one version to another. Moving a node is not a change. */
export interface FlowDiff {
  nodes: Record<string, "added" | "changed">;
  removedNodes: string[];
  addedEdges: string[];
  removedEdges: string[];
}

const withoutPosition = ({ position: _position, ...rest }: FlowDocument["nodes"][number]) =>
  JSON.stringify(rest);
const edgeKey = (edge: FlowDocument["edges"][number]) =>
  `${edge.source}>${edge.target}>${edge.sourceHandle}`;

export function diffDocuments(before: FlowDocument, after: FlowDocument): FlowDiff {
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const current = new Set(after.nodes.map((node) => node.id));
  const nodes: FlowDiff["nodes"] = {};
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) nodes[node.id] = "added";
    else if (withoutPosition(previous) !== withoutPosition(node)) nodes[node.id] = "changed";
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    nodes,
    removedNodes: before.nodes.filter((node) => !current.has(node.id)).map((node) => node.id),
    addedEdges: after.edges.filter((edge) => !oldEdges.has(edgeKey(edge))).map((edge) => edge.id),
    removedEdges: before.edges
      .filter((edge) => !newEdges.has(edgeKey(edge)))
      .map((edge) => `${edge.source} → ${edge.target}`),
  };
}
