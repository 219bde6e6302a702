"use client";

import { useState } from "react";
import { renameProblem } from "@/lib/flow/rename";
import { inputClass } from "../ui/field";
import { useEditorStore, useReadOnly } from "./editor-context";

/**
 * A node's id, editable: applied on Enter or when the field is left, when it is valid and free;
 * edges and every `nodes.<id>` reference in the flow follow it.
 */
export function NodeIdField({ id }: { id: string }) {
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const [draft, setDraft] = useState(id);
  const [seen, setSeen] = useState(id);
  // Another node selected (or the id changed by undo): start from its id.
  if (seen !== id) {
    setSeen(id);
    setDraft(id);
  }
  const taken = store
    .getState()
    .nodes.map((node) => node.id)
    .filter((other) => other !== id);
  const problem = renameProblem(id, draft.trim(), taken);
  const apply = () => {
    const next = draft.trim();
    if (!problem && next !== id) store.getState().renameNode(id, next);
  };
  if (readOnly) return <p className="font-mono text-xs text-zinc-500">id: {id}</p>;
  return (
    <label className="block text-xs">
      <span className="font-medium">Id</span>{" "}
      <span className="text-zinc-500">(referenced as nodes.{draft.trim() || id})</span>
      <input
        aria-label="Node id"
        aria-invalid={Boolean(problem)}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            apply();
          }
        }}
        className={`${inputClass} mt-1 font-mono text-xs`}
      />
      {problem && (
        <span role="alert" className="mt-1 block text-red-600">
          {problem}
        </span>
      )}
    </label>
  );
}
