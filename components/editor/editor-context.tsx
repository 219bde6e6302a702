"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { createEditorStore, type EditorState, type EditorStore } from "./store";

const EditorContext = createContext<{ store: EditorStore; readOnly: boolean } | null>(null);

export function EditorProvider({ readOnly, children }: { readOnly: boolean; children: ReactNode }) {
  const [store] = useState(createEditorStore);
  return <EditorContext.Provider value={{ store, readOnly }}>{children}</EditorContext.Provider>;
}

function useEditorContext() {
  const context = useContext(EditorContext);
  if (!context) throw new Error("Editor components must be inside <EditorProvider>");
  return context;
}

/** Selects from this editor's store. */
export function useEditor<T>(select: (state: EditorState) => T): T {
  return useStore(useEditorContext().store, select);
}

export const useEditorStore = () => useEditorContext().store;
export const useReadOnly = () => useEditorContext().readOnly;
