import type { Edge, Node } from "@xyflow/react";
import type { FlowDocument, FlowNode } from "./document";

/** What a canvas node carries: the document node without its id and position. */
export type BlockNodeData = Omit<FlowNode, "id" | "position">;
export type NoteNodeData = { text: string };
export type CanvasNode = Node<BlockNodeData, "block"> | Node<NoteNodeData, "note">;

/** The document's nodes, notes and edges as React Flow elements. */
export function documentToCanvas(doc: FlowDocument): { nodes: CanvasNode[]; edges: Edge[] } {
  const nodes: CanvasNode[] = [
    ...doc.nodes.map(({ id, position, ...data }): CanvasNode => ({
      id,
      type: "block",
      position,
      data,
    })),
    ...doc.notes.map(({ id, position, text }): CanvasNode => ({
      id,
      type: "note",
      position,
      data: { text },
    })),
  ];
  const edges = doc.edges.map(({ id, source, target, sourceHandle }): Edge => ({
    id,
    source,
    target,
    sourceHandle,
  }));
  return { nodes, edges };
}

/** The canvas back as document parts: only what the document holds, never React Flow's UI state. */
export function canvasToDocument(
  base: Pick<FlowDocument, "name" | "description" | "parameters" | "giveUpAfterSeconds">,
  nodes: readonly CanvasNode[],
  edges: readonly Edge[],
): FlowDocument {
  const position = (node: CanvasNode) => ({
    x: Math.round(node.position.x),
    y: Math.round(node.position.y),
  });
  const { giveUpAfterSeconds, ...meta } = base;
  return {
    schemaVersion: 1,
    ...meta,
    ...(giveUpAfterSeconds === undefined ? {} : { giveUpAfterSeconds }),
    nodes: nodes.flatMap((node) =>
      node.type === "block" ? [{ id: node.id, position: position(node), ...node.data }] : [],
    ),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: (edge.sourceHandle ?? null) as "true" | "false" | "error" | null,
    })),
    notes: nodes.flatMap((node) =>
      node.type === "note" ? [{ id: node.id, position: position(node), text: node.data.text }] : [],
    ),
  };
}
