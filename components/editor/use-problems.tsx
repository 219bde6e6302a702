"use client";

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { codeDeclarations } from "@/lib/code/declarations";
import { findProblems, type Problem } from "@/lib/flow/problems";
import { canvasToDocument } from "@/lib/flow/react-flow";
import { useShallow } from "zustand/react/shallow";
import { useTRPCClient } from "../trpc/client";
import { useEditor, useEditorStore } from "./editor-context";
import { useEditedFlowId } from "./test-run";
import { checkTypes } from "./use-code-types";
import { sampleScope, useSampleSources } from "./use-sample";

/** A pause in editing this long before the flow's TypeScript is checked again. */
const TYPES_DELAY_MS = 600;

/**
 * Type errors of every TypeScript code node, as warnings (they never block saving or running),
 * checked a moment after the code or the data it is typed by last changed.
 */
function useTypeProblems(): Problem[] {
  const client = useTRPCClient();
  const editing = useEditedFlowId() !== null;
  const sources = useSampleSources();
  const targets = useMemo(
    () =>
      sources.nodes.flatMap((node) => {
        if (node.type !== "block" || node.data.block !== "code.javascript") return [];
        const { code, language } = node.data.config;
        if (language !== "typescript" || typeof code !== "string" || !code.trim()) return [];
        const declarations = codeDeclarations(sampleScope(node.id, sources).completion);
        return [{ nodeId: node.id, code, declarations }];
      }),
    [sources],
  );
  const [found, setFound] = useState<Problem[]>([]);
  useEffect(() => {
    if (!editing) return;
    let current = true;
    const timer = setTimeout(async () => {
      const checked = await Promise.all(
        targets.map(async ({ nodeId, code, declarations }) =>
          (await checkTypes(client, code, declarations).catch(() => [])).map(
            (diagnostic): Problem => ({
              severity: "warning",
              message: `Code, line ${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}`,
              nodeId,
            }),
          ),
        ),
      );
      if (current) setFound(checked.flat());
    }, TYPES_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [targets, client, editing]);
  return editing ? found : [];
}

const ProblemsContext = createContext<Problem[]>([]);

/** Computes the flow's problems once per change of nodes, edges or meta, for every consumer. */
export function ProblemsProvider({ children }: { children: ReactNode }) {
  const store = useEditorStore();
  // Moving a node changes its position only: ids and data keep their identity, so no recomputation.
  const ids = useEditor(useShallow((state) => state.nodes.map((node) => node.id)));
  const data = useEditor(useShallow((state) => state.nodes.map((node) => node.data)));
  const edges = useEditor((state) => state.edges);
  const meta = useEditor((state) => state.meta);
  const found = useMemo(() => {
    const { nodes } = store.getState();
    return findProblems(canvasToDocument(meta, nodes, edges));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ids and data stand for nodes minus positions
  }, [ids, data, edges, meta, store]);
  const types = useTypeProblems();
  const problems = useMemo(() => (types.length ? [...found, ...types] : found), [found, types]);
  return <ProblemsContext.Provider value={problems}>{children}</ProblemsContext.Provider>;
}

/** The problems of the flow as it is on the canvas now. */
export const useProblems = () => useContext(ProblemsContext);
