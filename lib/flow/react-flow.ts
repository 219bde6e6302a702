import { Position, type Edge, type Node, type NodeHandle } from "@xyflow/react";
import { blockById } from "../blocks/catalog";
import { configSummary } from "../blocks/summary";
import type { FlowDocument, FlowNode } from "./document";

/** What a canvas node carries: the document node without its id and position. */
export type BlockNodeData = Omit<FlowNode, "id" | "position">;
export type NoteNodeData = { text: string };
export type CanvasNode = Node<BlockNodeData, "block"> | Node<NoteNodeData, "note">;

/**
 * A block node's size before it is drawn, as components/editor/block-node.tsx lays it out: a fixed
 * width; borders, padding, the block's line and the name's, and the config summary's when there is
 * one. Lines that come and go with state (a run's status, problems) change it once drawn.
 */
export const ESTIMATED_NODE = { width: 176, height: 54, summaryLine: 16, handle: 12 } as const;

export function estimatedSize(block: string, config: Record<string, unknown>) {
  const { width, height, summaryLine } = ESTIMATED_NODE;
  return { width, height: height + (configSummary(block, config) ? summaryLine : 0) };
}

/**
 * Where a block node's handles are before it is drawn (as block-node.tsx places them). With a size
 * and handles, React Flow leaves a node outside the view undrawn from the start, instead of
 * drawing every node once to measure it (a 1,000-node flow then opens drawing only what is in
 * view), and a node drawn at the size expected is not measured again. A node measured otherwise
 * drops the estimate (the editor's store).
 */
export function estimatedHandles(
  block: string,
  { width: w, height: h }: { width: number; height: number },
): NodeHandle[] {
  const size = ESTIMATED_NODE.handle;
  const at = (x: number, y: number) => ({
    x: x - size / 2,
    y: y - size / 2,
    width: size,
    height: size,
  });
  const outputs = blockById(block)?.outputs;
  return [
    { type: "target", id: null, position: Position.Left, ...at(0, h / 2) },
    ...(outputs
      ? outputs.map((id, index) => ({
          type: "source" as const,
          id,
          position: Position.Right,
          ...at(w, h * (0.35 + index * 0.3)),
        }))
      : [{ type: "source" as const, id: null, position: Position.Right, ...at(w, h / 2) }]),
    { type: "source", id: "error", position: Position.Bottom, ...at(w / 2, h) },
  ];
}

/** The document's nodes, notes and edges as React Flow elements. */
export function documentToCanvas(doc: FlowDocument): { nodes: CanvasNode[]; edges: Edge[] } {
  const nodes: CanvasNode[] = [
    ...doc.nodes.map(({ id, position, ...data }): CanvasNode => {
      const size = estimatedSize(data.block, data.config);
      return {
        id,
        type: "block",
        position,
        data,
        initialWidth: size.width,
        initialHeight: size.height,
        measured: size,
        handles: estimatedHandles(data.block, size),
      };
    }),
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
