"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { findProblems, type Problem } from "@/lib/flow/problems";
import { canvasToDocument } from "@/lib/flow/react-flow";
import { useShallow } from "zustand/react/shallow";
import { useEditor, useEditorStore } from "./editor-context";

const ProblemsContext = createContext<Problem[]>([]);

/** Computes the flow's problems once per change of nodes, edges or meta, for every consumer. */
export function ProblemsProvider({ children }: { children: ReactNode }) {
  const store = useEditorStore();
  // Moving a node changes its position only: ids and data keep their identity, so no recomputation.
  const ids = useEditor(useShallow((state) => state.nodes.map((node) => node.id)));
  const data = useEditor(useShallow((state) => state.nodes.map((node) => node.data)));
  const edges = useEditor((state) => state.edges);
  const meta = useEditor((state) => state.meta);
  const problems = useMemo(() => {
    const { nodes } = store.getState();
    return findProblems(canvasToDocument(meta, nodes, edges));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ids and data stand for nodes minus positions
  }, [ids, data, edges, meta, store]);
  return <ProblemsContext.Provider value={problems}>{children}</ProblemsContext.Provider>;
}

/** The problems of the flow as it is on the canvas now. */
export const useProblems = () => useContext(ProblemsContext);
