import { z } from "zod";
import { edgeSchema, nodeSchema, type FlowEdge, type FlowNode } from "./document";

/** What Copy puts on the clipboard: a fragment of a flow document, readable by any Weft flow. */
const fragmentSchema = z.object({
  schemaVersion: z.literal(1),
  nodes: z.array(nodeSchema).min(1).max(500),
  edges: z.array(edgeSchema).default([]),
});

export type Fragment = z.infer<typeof fragmentSchema>;

/** The selected nodes and the edges between them. */
export function copyFragment(nodes: FlowNode[], edges: FlowEdge[]): Fragment {
  const ids = new Set(nodes.map((node) => node.id));
  return {
    schemaVersion: 1,
    nodes,
    edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
  };
}

/** Reads clipboard text as a fragment; null when it is not one (pasting text elsewhere is fine). */
export function parseFragment(text: string): Fragment | null {
  try {
    const result = fragmentSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** The fragment with ids made unique against `taken` (references between pasted nodes follow). */
export function rebase(
  fragment: Fragment,
  taken: Set<string>,
  offset: { x: number; y: number },
): Fragment {
  const renamed = new Map<string, string>();
  const used = new Set(taken);
  for (const node of fragment.nodes) {
    let id = node.id;
    for (let n = 2; used.has(id); n++) id = `${node.id}_${n}`;
    used.add(id);
    renamed.set(node.id, id);
  }
  const retarget = (text: string) =>
    text.replace(/\bnodes\.([A-Za-z][\w-]*)/g, (match, id: string) =>
      renamed.has(id) ? `nodes.${renamed.get(id)}` : match,
    );
  const nodes = fragment.nodes.map((node) => ({
    ...node,
    id: renamed.get(node.id)!,
    position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    config: JSON.parse(retarget(JSON.stringify(node.config))) as FlowNode["config"],
  }));
  const edgeIds = new Set<string>();
  const edges = fragment.edges.map((edge) => {
    let id = `${edge.id}_copy`;
    for (let n = 2; edgeIds.has(id) || taken.has(id); n++) id = `${edge.id}_copy${n}`;
    edgeIds.add(id);
    return { ...edge, id, source: renamed.get(edge.source)!, target: renamed.get(edge.target)! };
  });
  return { schemaVersion: 1, nodes, edges };
}
