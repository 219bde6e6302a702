"use client";

import "@xyflow/react/dist/style.css";
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import type { FlowDocument } from "@/lib/flow/document";
import { Canvas } from "../editor/canvas";
import { EditorProvider, useEditorStore } from "../editor/editor-context";

function Load({ document }: { document: FlowDocument }) {
  const store = useEditorStore();
  useEffect(() => store.getState().load(document, 0), [document, store]);
  return null;
}

/** A flow on a read-only canvas: pan and zoom, nothing else. */
export function FlowPreview({ document, label }: { document: FlowDocument; label: string }) {
  return (
    <div
      role="group"
      aria-label={label}
      className="h-56 overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800"
    >
      <EditorProvider readOnly>
        <ReactFlowProvider>
          <Load document={document} />
          <Canvas />
        </ReactFlowProvider>
      </EditorProvider>
    </div>
  );
}
