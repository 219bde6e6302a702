"use client";

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type Viewport,
} from "@xyflow/react";
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type RefObject,
} from "react";
import { wouldCreateCycle } from "@/lib/flow/graph";
import type { CanvasNode } from "@/lib/flow/react-flow";
import { useDarkMode } from "../shell/theme-toggle";
import { BlockNode, GhostNode, NoteNode } from "./block-node";
import { BlockPicker } from "./block-picker";
import { NodeMenu } from "./node-menu";
import { useEditor, useEditorStore, useReadOnly } from "./editor-context";
import { useDiff } from "./use-diff";
import { useRunState } from "./run-state";

/**
 * The whole flow in view, at most at full size. Nodes outside the view are never drawn, so they
 * count with their estimated size (lib/flow/react-flow.ts) rather than a measured one: React
 * Flow's "hidden nodes" are those (Weft hides no node).
 */
export const FIT_VIEW = { maxZoom: 1, includeHiddenNodes: true };
const NO_NODES: CanvasNode[] = [];
const NO_EDGES: Edge[] = [];

/**
 * The whole flow comes into view after every load and auto-layout (`fitRequests`). The first
 * load is fitted by React Flow (its `fitView`) when the nodes reach it, before any is drawn — so
 * they reach it only once its viewport exists (`false` until then): given earlier, React Flow
 * drops that fit, draws the ~40 nodes of a 1,000-node flow in view at zoom 1, and a fit a frame
 * later draws ~100 others. Later requests are fitted a frame after the change, with the sizes of
 * the nodes drawn by then.
 */
function useFit() {
  const fitRequests = useEditor((state) => state.fitRequests);
  const { fitView } = useReactFlow();
  const ready = useStore((state) => state.panZoom !== null);
  useEffect(() => {
    if (fitRequests > 1) requestAnimationFrame(() => void fitView(FIT_VIEW));
  }, [fitRequests, fitView]);
  return ready;
}

/**
 * Below this zoom a block node shows its name only, larger: its other lines and handles are too
 * small to read or hit, and drawing them is what makes a large flow pan slowly.
 */
export const FAR_ZOOM = 0.6;

/**
 * Zoomed out past FAR_ZOOM: marks the canvas `data-far` (styles in app/globals.css) and leaves out
 * the dotted background, which is not part of the viewport's layer and would be drawn anew in every
 * frame of a pan.
 */
function ZoomDetail({ region }: { region: RefObject<HTMLDivElement | null> }) {
  const far = useStore((state) => state.transform[2] < FAR_ZOOM);
  useEffect(() => {
    region.current?.toggleAttribute("data-far", far);
  }, [far, region]);
  return far ? null : <Background />;
}

/**
 * From its first move on, the viewport is one compositor layer (`data-layer`, app/globals.css): a
 * pan moves the picture the browser has instead of drawing every node again each frame. Such a
 * layer keeps the scale it was drawn at, so a move that ends at another zoom than the layer was
 * made at drops it, and the nodes are drawn sharp at the new scale.
 */
function useViewportLayer(region: RefObject<HTMLDivElement | null>) {
  // The zoom the layer was made at; null while there is none.
  const layerZoom = useRef<number | null>(null);
  return useMemo(
    () => ({
      onMoveStart: (_: unknown, viewport: Viewport) => {
        if (layerZoom.current !== null) return;
        layerZoom.current = viewport.zoom;
        region.current?.toggleAttribute("data-layer", true);
      },
      onMoveEnd: (_: unknown, viewport: Viewport) => {
        if (viewport.zoom === layerZoom.current) return;
        layerZoom.current = null;
        region.current?.toggleAttribute("data-layer", false);
      },
    }),
    [region],
  );
}

// At module scope so React Flow does not re-create node renderers on every render.
const nodeTypes = { block: BlockNode, note: NoteNode, ghost: GhostNode };

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

/** Routes out of a condition or an error handle carry their name, in their colour. */
const ROUTE_COLOURS = { true: "#10b981", false: "#ef4444", error: "#e11d48" } as const;
function labelled(edge: Edge): Edge {
  const route = edge.sourceHandle as keyof typeof ROUTE_COLOURS | null | undefined;
  if (!route || !(route in ROUTE_COLOURS)) return edge;
  return {
    ...edge,
    label: route,
    labelStyle: { fill: ROUTE_COLOURS[route], fontWeight: 600, fontSize: 11 },
    labelBgPadding: [4, 2],
    style: {
      stroke: ROUTE_COLOURS[route],
      ...(route === "error" ? { strokeDasharray: "5 4" } : {}),
      ...edge.style,
    },
  };
}

/** A connection dragged from a handle and dropped on empty canvas: where, and from what. */
interface PendingLink {
  nodeId: string;
  handleId: string | null;
  /** The dragged handle was an output (the new node goes after) or an input (before). */
  from: "source" | "target";
}

export const BLOCK_MIME = "application/weft-block";

/** The flow's canvas; with `flowId`, editors get a node context menu (run from here). */
export function Canvas({ flowId }: { flowId?: string } = {}) {
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const storedNodes = useEditor((state) => state.nodes);
  const storedEdges = useEditor((state) => state.edges);
  const diff = useDiff();
  const run = useRunState();
  // Comparing versions: the nodes the newer side removed stay visible, as ghosts.
  const nodes = useMemo(() => {
    if (!diff?.removedNodes.length) return storedNodes;
    const removed = new Set(diff.removedNodes);
    const ghosts = diff.before.nodes
      .filter((node) => removed.has(node.id))
      .map((node) => ({
        id: `ghost:${node.id}`,
        type: "ghost" as const,
        position: node.position,
        data: { name: node.name, block: node.block },
        draggable: false,
        selectable: false,
        connectable: false,
        // Sized up front: a ghost is not in the store, so React Flow's measurements of it are
        // not kept, and an unmeasured node stays hidden.
        width: 176,
        height: 60,
      }));
    return [...storedNodes, ...ghosts] as typeof storedNodes;
  }, [storedNodes, diff]);
  const edges = useMemo(() => {
    if (run) return storedEdges.map((edge) => runEdge(labelled(edge), run[edge.source]?.status));
    if (diff)
      return storedEdges.map((edge) =>
        diff.addedEdges.includes(edge.id)
          ? { ...labelled(edge), style: { stroke: "#10b981", strokeWidth: 3 } }
          : labelled(edge),
      );
    return storedEdges.map(labelled);
  }, [storedEdges, diff, run]);
  const { screenToFlowPosition } = useReactFlow();
  const dark = useDarkMode();
  const region = useRef<HTMLDivElement>(null);
  const viewportLayer = useViewportLayer(region);
  const [notice, setNotice] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ nodeId: string; x: number; y: number } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const [picker, setPicker] = useState<{ x: number; y: number; link?: PendingLink } | null>(null);
  const viewportReady = useFit();

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5_000);
    return () => clearTimeout(timer);
  }, [notice]);

  /** Opens the block picker at a point on screen. */
  const openPicker = (clientX: number, clientY: number, link?: PendingLink) => {
    const box = region.current!.getBoundingClientRect();
    setPicker({
      x: Math.min(clientX - box.left, box.width - 270),
      y: Math.min(clientY - box.top, box.height - 320),
      link,
    });
  };

  // Tab on the canvas itself (not in a field or on a control) opens the picker at its centre.
  useEffect(() => {
    if (readOnly) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.altKey) return;
      const focus = document.activeElement;
      if (focus !== document.body && focus !== region.current) return;
      event.preventDefault();
      const box = region.current!.getBoundingClientRect();
      openPicker(box.left + box.width / 2 - 130, box.top + box.height / 3);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly]);

  const pick = (blockId: string) => {
    if (!picker) return;
    const box = region.current!.getBoundingClientRect();
    const position = screenToFlowPosition({ x: box.left + picker.x, y: box.top + picker.y });
    const state = store.getState();
    const added = state.addBlock(blockId, position);
    const link = picker.link;
    if (link)
      state.connect(
        link.from === "source"
          ? { source: link.nodeId, target: added, sourceHandle: link.handleId }
          : { source: added, target: link.nodeId, sourceHandle: null },
      );
    setPicker(null);
  };

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

  const onConnectEnd = (event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
    if (readOnly || !connection.fromNode || !connection.fromHandle) return;
    const point = "changedTouches" in event ? event.changedTouches[0]! : event;
    if (
      connection.toNode &&
      connection.toNode.id !== connection.fromNode.id &&
      !connection.isValid
    ) {
      const [source, target] =
        connection.fromHandle.type === "source"
          ? [connection.fromNode.id, connection.toNode.id]
          : [connection.toNode.id, connection.fromNode.id];
      if (wouldCreateCycle(store.getState().edges, source, target))
        setNotice(
          `${source} cannot connect to ${target}: ${target} already leads to ${source}, and a flow cannot loop.`,
        );
      return;
    }
    if (!connection.toNode && !connection.toHandle)
      openPicker(point.clientX, point.clientY, {
        nodeId: connection.fromNode.id,
        handleId: connection.fromHandle.id ?? null,
        from: connection.fromHandle.type,
      });
  };

  return (
    <div
      ref={region}
      tabIndex={-1}
      className="relative h-full w-full"
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
      onDoubleClick={(event) => {
        const onPane = (event.target as Element).classList.contains("react-flow__pane");
        if (onPane && !readOnly) openPicker(event.clientX, event.clientY);
      }}
      aria-label="Flow canvas"
      role="region"
    >
      <ReactFlow
        nodes={viewportReady ? nodes : NO_NODES}
        edges={viewportReady ? (edges as Edge[]) : NO_EDGES}
        nodeTypes={nodeTypes}
        onNodesChange={(changes) => store.getState().onNodesChange(changes)}
        onEdgesChange={(changes) => store.getState().onEdgesChange(changes)}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onBeforeDelete={async () => {
          // Nodes and the edges they take with them: one undo step.
          store.getState().checkpoint();
          return true;
        }}
        zoomOnDoubleClick={false}
        onMoveStart={viewportLayer.onMoveStart}
        onMoveEnd={viewportLayer.onMoveEnd}
        onNodeContextMenu={(event, node) => {
          if (!flowId || readOnly || node.type !== "block") return;
          event.preventDefault();
          const box = region.current!.getBoundingClientRect();
          setMenu({ nodeId: node.id, x: event.clientX - box.left, y: event.clientY - box.top });
        }}
        colorMode={dark ? "dark" : "light"}
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
        fitViewOptions={FIT_VIEW}
        // Nodes and edges outside the view are not in the DOM: a flow at the 1,000-node limit
        // opens and pans as fast as a small one.
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <ZoomDetail region={region} />
        <Controls showInteractive={false} />
        {/* Small, and only where there is room for it: it must not cover the flow. */}
        <MiniMap
          pannable
          zoomable
          ariaLabel="Minimap"
          style={{ width: 150, height: 100 }}
          className="!hidden xl:!block"
        />
      </ReactFlow>
      {picker && <BlockPicker at={picker} onPick={pick} onClose={() => setPicker(null)} />}
      {menu && flowId && (
        <NodeMenu
          flowId={flowId}
          nodeId={menu.nodeId}
          at={menu}
          onClose={closeMenu}
          onError={setNotice}
        />
      )}
      {notice && (
        <p
          role="status"
          className="absolute top-3 left-1/2 z-20 max-w-md -translate-x-1/2 rounded-md bg-zinc-900 px-3 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
        >
          {notice}
        </p>
      )}
    </div>
  );
}
