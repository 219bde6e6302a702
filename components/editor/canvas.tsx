"use client";

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
} from "@xyflow/react";
import { useMemo, type DragEvent } from "react";
import { wouldCreateCycle } from "@/lib/flow/graph";
import { BlockNode, NoteNode } from "./block-node";
import { useEditor, useEditorStore, useReadOnly } from "./editor-context";
import { useDiff } from "./use-diff";
import { useRunState } from "./run-state";

// At module scope so React Flow does not re-create node renderers on every render.
const nodeTypes = { block: BlockNode, note: NoteNode };

/** In run mode an edge animates while its source runs and turns green once it has carried data. */
function runEdge(edge: Edge, sourceStatus: string | undefined): Edge {
  const running = sourceStatus === "RUNNING" || sourceStatus === "RETRYING";
  const carried = sourceStatus === "COMPLETED" || sourceStatus === "CACHED";
  return {
    ...edge,
    animated: running,
    style: carried ? { stroke: "#10b981", strokeWidth: 2 } : undefined,
  };
}

export const BLOCK_MIME = "application/weft-block";

export function Canvas() {
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const nodes = useEditor((state) => state.nodes);
  const storedEdges = useEditor((state) => state.edges);
  const diff = useDiff();
  const run = useRunState();
  const edges = useMemo(() => {
    if (run) return storedEdges.map((edge) => runEdge(edge, run[edge.source]?.status));
    if (diff)
      return storedEdges.map((edge) =>
        diff.addedEdges.includes(edge.id)
          ? { ...edge, style: { stroke: "#10b981", strokeWidth: 3 } }
          : edge,
      );
    return storedEdges;
  }, [storedEdges, diff, run]);
  const { screenToFlowPosition } = useReactFlow();

  const isValidConnection: IsValidConnection = (connection) =>
    !wouldCreateCycle(store.getState().edges, connection.source, connection.target);

  const onConnect = (connection: Connection) =>
    store.getState().connect({
      source: connection.source,
      target: connection.target,
      sourceHandle: connection.sourceHandle ?? null,
    });

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const blockId = event.dataTransfer.getData(BLOCK_MIME);
    if (!blockId || readOnly) return;
    store
      .getState()
      .addBlock(blockId, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div
      className="h-full w-full"
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
      aria-label="Flow canvas"
      role="region"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges as Edge[]}
        nodeTypes={nodeTypes}
        onNodesChange={(changes) => store.getState().onNodesChange(changes)}
        onEdgesChange={(changes) => store.getState().onEdgesChange(changes)}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => store.getState().checkpoint()}
        onSelectionChange={({ nodes: selected }) =>
          store.getState().select(selected.length === 1 ? selected[0]!.id : null)
        }
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
        selectionOnDrag={!readOnly}
        panOnDrag={readOnly ? true : [1, 2]}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        // Nodes and edges outside the view are not in the DOM: a flow at the 1,000-node limit
        // opens and pans as fast as a small one.
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
      </ReactFlow>
    </div>
  );
}
