import dagre from "@dagrejs/dagre";

const WIDTH = 200;
const HEIGHT = 80;

/** Left-to-right layered positions for the given nodes (top-left corners, rounded). */
export function autoLayout(
  nodeIds: readonly string[],
  edges: readonly { source: string; target: string }[],
) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: WIDTH, height: HEIGHT });
  for (const edge of edges)
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target))
      graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return new Map(
    nodeIds.map((id) => {
      const { x, y } = graph.node(id);
      return [id, { x: Math.round(x - WIDTH / 2), y: Math.round(y - HEIGHT / 2) }];
    }),
  );
}
