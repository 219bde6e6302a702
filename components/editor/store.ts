"use client";

import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { createStore } from "zustand/vanilla";
import { blockById } from "@/lib/blocks/catalog";
import { copyFragment, rebase, type Fragment } from "@/lib/flow/clipboard";
import { emptyDocument, type FlowDocument } from "@/lib/flow/document";
import { autoLayout } from "@/lib/flow/layout";
import { renameReferences } from "@/lib/flow/rename";
import {
  canvasToDocument,
  documentToCanvas,
  type BlockNodeData,
  type CanvasNode,
} from "@/lib/flow/react-flow";

type Meta = Pick<FlowDocument, "name" | "description" | "parameters" | "giveUpAfterSeconds">;
interface Snapshot {
  nodes: CanvasNode[];
  edges: Edge[];
  meta: Meta;
}

export interface EditorState extends Snapshot {
  baseVersion: number;
  dirty: boolean;
  /** What the next saved version says about itself (optional; cleared once saved). */
  versionMessage: string;
  setVersionMessage(message: string): void;
  /** Counts loads and auto-layouts: the canvas fits the view after each. */
  fitRequests: number;
  selectedId: string | null;
  past: Snapshot[];
  future: Snapshot[];
  /** Replaces everything with a loaded version (no history, not dirty). */
  load(document: FlowDocument, version: number): void;
  /** The version saved; `saved` is the document sent (edits made while saving stay unsaved). */
  markSaved(version: number, saved?: FlowDocument): void;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  /** Call before a change that should be one undo step (drag start, connect, add, edit). */
  checkpoint(): void;
  /** Adds a node of a block; `as` names it and fills its config (a team block's). */
  addBlock(
    blockId: string,
    position: { x: number; y: number },
    as?: { name: string; config: Record<string, unknown> },
  ): string;
  addNote(position: { x: number; y: number }): string;
  setNoteText(id: string, text: string): void;
  connect(edge: { source: string; target: string; sourceHandle: string | null }): void;
  /** Edits a node; the inspector calls `checkpoint` when a field gains focus, so typing is one undo step. */
  updateNode(id: string, patch: Partial<BlockNodeData>): void;
  /** Gives a node a new id; its edges and every reference to it in the flow follow. */
  renameNode(from: string, to: string): void;
  setMeta(patch: Partial<Meta>): void;
  select(id: string | null): void;
  /** Selects this node alone, on the canvas too (as a click on it would). */
  selectOnly(id: string): void;
  selectAll(selected: boolean): void;
  /** The selected nodes and the edges between them, as a document fragment. */
  copySelection(): Fragment | null;
  paste(fragment: Fragment): void;
  layout(): void;
  undo(): void;
  redo(): void;
  document(): FlowDocument;
}

const HISTORY = 100;

function uniqueId(base: string, taken: Set<string>): string {
  const stem = base.replace(/[^A-Za-z0-9]+/g, "_").replace(/^[^A-Za-z]+/, "") || "node";
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

/** One store per editor instance (see EditorProvider): canvas state, selection and undo history. */
export function createEditorStore() {
  return createStore<EditorState>()((set, get) => {
    const snapshot = (): Snapshot => ({ nodes: get().nodes, edges: get().edges, meta: get().meta });
    const edit = (next: Partial<Snapshot>) => set({ ...next, dirty: true });
    /** The last loaded or saved document, as text: undo back to it is not an unsaved change. */
    let savedText = "";
    const differsFromSaved = () => JSON.stringify(get().document()) !== savedText;
    return {
      nodes: [],
      edges: [],
      meta: { name: "", description: "", parameters: [] },
      baseVersion: 0,
      dirty: false,
      fitRequests: 0,
      versionMessage: "",
      setVersionMessage: (versionMessage) => set({ versionMessage }),
      selectedId: null,
      past: [],
      future: [],
      load(document, version) {
        const { nodes, edges } = documentToCanvas(document);
        const { name, description, parameters, giveUpAfterSeconds } = document;
        set({
          nodes,
          edges,
          meta: { name, description, parameters, giveUpAfterSeconds },
          baseVersion: version,
          dirty: false,
          past: [],
          future: [],
          selectedId: null,
          fitRequests: get().fitRequests + 1,
        });
        savedText = JSON.stringify(get().document());
      },
      markSaved(version, saved = get().document()) {
        savedText = JSON.stringify(saved);
        set({ baseVersion: version, dirty: false, versionMessage: "" });
        set({ dirty: differsFromSaved() });
      },
      // Deletions are checkpointed once, before React Flow removes nodes and then their edges
      // (canvas.tsx, onBeforeDelete): undo brings both back in one step.
      onNodesChange(changes) {
        const meaningful = changes.some(
          (change) =>
            change.type === "remove" || change.type === "position" || change.type === "add",
        );
        let nodes = applyNodeChanges(changes, get().nodes);
        // A node drawn and measured drops its estimated handles (lib/flow/react-flow.ts): React
        // Flow would otherwise take them again over the measured ones whenever the node changes.
        const measured = new Set(
          changes.flatMap((change) => (change.type === "dimensions" ? [change.id] : [])),
        );
        if (measured.size)
          nodes = nodes.map((node) => {
            if (!measured.has(node.id) || !node.handles) return node;
            const { handles: _estimated, ...rest } = node;
            return rest as typeof node;
          });
        set({ nodes, ...(meaningful && { dirty: true }) });
      },
      onEdgesChange(changes) {
        const meaningful = changes.some((change) => change.type === "remove");
        set({ edges: applyEdgeChanges(changes, get().edges), ...(meaningful && { dirty: true }) });
      },
      checkpoint: () => set({ past: [...get().past.slice(-HISTORY + 1), snapshot()], future: [] }),
      addBlock(blockId, position, as) {
        const block = blockById(blockId);
        if (!block) throw new Error(`Unknown block ${blockId}`);
        get().checkpoint();
        const name = as?.name ?? block.label;
        const id = uniqueId(name.toLowerCase(), new Set(get().nodes.map((node) => node.id)));
        const data: BlockNodeData = {
          block: block.id,
          name,
          config: { ...block.defaults, ...as?.config },
          retries: 0,
          retryDelaySeconds: 10,
        };
        edit({
          nodes: [
            ...get().nodes.map((node) => ({ ...node, selected: false })),
            { id, type: "block", position, data, selected: true },
          ],
        });
        set({ selectedId: id });
        return id;
      },
      addNote(position) {
        get().checkpoint();
        const id = uniqueId("note", new Set(get().nodes.map((node) => node.id)));
        edit({
          nodes: [
            ...get().nodes.map((node) => ({ ...node, selected: false })),
            { id, type: "note", position, data: { text: "Note" }, selected: true },
          ],
        });
        set({ selectedId: id });
        return id;
      },
      setNoteText(id, text) {
        edit({
          nodes: get().nodes.map((node) =>
            node.id === id && node.type === "note" ? { ...node, data: { text } } : node,
          ),
        });
      },
      connect({ source, target, sourceHandle }) {
        get().checkpoint();
        const taken = new Set(get().edges.map((edge) => edge.id));
        const id = uniqueId(`e_${source}_${target}`, taken);
        edit({ edges: [...get().edges, { id, source, target, sourceHandle }] });
      },
      updateNode(id, patch) {
        edit({
          nodes: get().nodes.map((node) =>
            node.id === id && node.type === "block"
              ? { ...node, data: { ...node.data, ...patch } }
              : node,
          ),
        });
      },
      renameNode(from, to) {
        if (from === to) return;
        get().checkpoint();
        edit({
          nodes: get().nodes.map((current) => {
            // A node under a new id is new to React Flow: it drops the old measurements so React
            // Flow measures the node and its handles again (edges need the handles' places).
            const { measured: _measured, ...unmeasured } = current;
            const node = current.id === from ? { ...unmeasured, id: to } : current;
            if (node.type !== "block") return node as CanvasNode;
            const { config, cache, block } = node.data;
            const data = {
              ...node.data,
              config: {
                ...(renameReferences(config, from, to) as Record<string, unknown>),
                // JavaScript code refers to a dashed id as nodes["a-b"], not JSONata's backticks.
                ...(block === "code.javascript" && "code" in config
                  ? { code: renameReferences(config.code, from, to, "javascript") }
                  : {}),
              },
              ...(cache
                ? { cache: { ...cache, key: renameReferences(cache.key, from, to) as string } }
                : {}),
            };
            return { ...node, data } as CanvasNode;
          }),
          edges: get().edges.map((edge) => ({
            ...edge,
            source: edge.source === from ? to : edge.source,
            target: edge.target === from ? to : edge.target,
          })),
        });
        if (get().selectedId === from) set({ selectedId: to });
      },
      setMeta(patch) {
        edit({ meta: { ...get().meta, ...patch } });
      },
      select: (id) => set({ selectedId: id }),
      selectOnly: (id) =>
        set({
          nodes: get().nodes.map((node) => ({ ...node, selected: node.id === id })),
          selectedId: id,
        }),
      selectAll: (selected) =>
        set({
          nodes: get().nodes.map((node) => ({ ...node, selected })),
          ...(selected ? {} : { selectedId: null }),
        }),
      copySelection() {
        const document = get().document();
        const selected = new Set(
          get()
            .nodes.filter((node) => node.selected)
            .map((node) => node.id),
        );
        const nodes = document.nodes.filter((node) => selected.has(node.id));
        return nodes.length ? copyFragment(nodes, document.edges) : null;
      },
      paste(fragment) {
        get().checkpoint();
        const taken = new Set([
          ...get().nodes.map((node) => node.id),
          ...get().edges.map((edge) => edge.id),
        ]);
        const pasted = documentToCanvas({
          ...emptyDocument("paste"),
          ...rebase(fragment, taken, { x: 40, y: 40 }),
        });
        edit({
          nodes: [
            ...get().nodes.map((node) => ({ ...node, selected: false })),
            ...pasted.nodes.map((node) => ({ ...node, selected: true })),
          ],
          edges: [...get().edges, ...pasted.edges],
        });
      },
      layout() {
        get().checkpoint();
        const blocks = get().nodes.filter((node) => node.type === "block");
        const positions = autoLayout(
          blocks.map((node) => node.id),
          get().edges,
        );
        edit({
          nodes: get().nodes.map((node) => ({
            ...node,
            position: positions.get(node.id) ?? node.position,
          })),
        });
        set({ fitRequests: get().fitRequests + 1 });
      },
      undo() {
        const previous = get().past.at(-1);
        if (!previous) return;
        set({
          ...previous,
          past: get().past.slice(0, -1),
          future: [snapshot(), ...get().future],
        });
        set({ dirty: differsFromSaved() });
      },
      redo() {
        const next = get().future[0];
        if (!next) return;
        set({
          ...next,
          future: get().future.slice(1),
          past: [...get().past, snapshot()],
        });
        set({ dirty: differsFromSaved() });
      },
      document: () => canvasToDocument(get().meta, get().nodes, get().edges),
    };
  });
}

export type EditorStore = ReturnType<typeof createEditorStore>;
