"use client";

import { useMemo } from "react";
import { findProblems, type Problem } from "@/lib/flow/problems";
import { canvasToDocument } from "@/lib/flow/react-flow";
import { useEditor } from "./editor-context";

/** The problems of the flow as it is on the canvas now (recomputed when nodes, edges or meta change). */
export function useProblems(): Problem[] {
  const nodes = useEditor((state) => state.nodes);
  const edges = useEditor((state) => state.edges);
  const meta = useEditor((state) => state.meta);
  return useMemo(() => findProblems(canvasToDocument(meta, nodes, edges)), [meta, nodes, edges]);
}
