"use client";

import { useEditorStore } from "./editor-context";
import { useProblems } from "./use-problems";

export function ProblemsPanel() {
  const store = useEditorStore();
  const problems = useProblems();
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
          {problems.map((problem, index) => (
            <li key={index} data-severity={problem.severity}>
              <button
                type="button"
                className="text-left hover:underline"
                onClick={() => problem.nodeId && store.getState().select(problem.nodeId)}
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
    </section>
  );
}
