"use client";

import { useReactFlow } from "@xyflow/react";
import { useMemo, useState } from "react";
import { FIT_VIEW } from "./canvas";
import { useEditorStore } from "./editor-context";
import { useProblems } from "./use-problems";

/** Problems listed before "Show all": a long list is read from the top, and each row costs layout. */
export const PROBLEMS_SHOWN = 50;

export function ProblemsPanel() {
  const store = useEditorStore();
  const { fitView } = useReactFlow();
  const problems = useProblems();
  // The problem's node becomes the selection and comes into view (it may be off screen, undrawn).
  const show = (nodeId: string) => {
    store.getState().selectOnly(nodeId);
    void fitView({ ...FIT_VIEW, nodes: [{ id: nodeId }] });
  };
  const [showAll, setShowAll] = useState(false);
  // Errors first: they are what stops the flow from running.
  const ordered = useMemo(
    () => [
      ...problems.filter((problem) => problem.severity === "error"),
      ...problems.filter((problem) => problem.severity !== "error"),
    ],
    [problems],
  );
  const shown = showAll ? ordered : ordered.slice(0, PROBLEMS_SHOWN);
  return (
    <section
      aria-label="Problems"
      className="max-h-40 overflow-y-auto border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800"
    >
      <h2 className="text-xs font-semibold text-zinc-500 uppercase">
        Problems <span data-count={problems.length}>({problems.length})</span>
      </h2>
      {problems.length === 0 ? (
        <p className="text-zinc-500">No problems.</p>
      ) : (
        <ul>
          {shown.map((problem, index) => (
            <li key={index} data-severity={problem.severity}>
              <button
                type="button"
                className="text-left hover:underline"
                onClick={() => problem.nodeId && show(problem.nodeId)}
              >
                <span className={problem.severity === "error" ? "text-red-600" : "text-amber-600"}>
                  {problem.severity === "error" ? "Error" : "Warning"}:
                </span>{" "}
                {problem.message}
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.length < problems.length && (
        <button
          type="button"
          className="mt-1 text-xs text-blue-700 hover:underline dark:text-blue-400"
          onClick={() => setShowAll(true)}
        >
          Show all {problems.length} problems
        </button>
      )}
    </section>
  );
}
