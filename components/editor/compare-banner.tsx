"use client";

import { describeChange, fieldChanges } from "@/lib/flow/field-diff";
import type { FlowDocument } from "@/lib/flow/document";
import { Button } from "../ui/button";
import type { CanvasDiff } from "./use-diff";

/** What a comparison found, in a line, with every changed field (old → new) one click away. */
export function CompareBanner({
  number,
  against,
  diff,
  after,
  onStop,
}: {
  number: number;
  /** What is compared with version `number`: the canvas, or another version. */
  against: string;
  diff: CanvasDiff;
  after: FlowDocument;
  onStop(): void;
}) {
  const changes = Object.values(diff.nodes);
  const added = changes.filter((change) => change === "added").length;
  const fields = fieldChanges(diff.before, after);
  return (
    <div
      role="status"
      aria-label="Comparison"
      className="border-b border-sky-300 bg-sky-50 px-4 py-2 text-sm dark:bg-sky-950"
    >
      <div className="flex flex-wrap items-center gap-3">
        <span>
          {against} compared with version {number}:{" "}
          <strong className="text-emerald-700">{added} added</strong>,{" "}
          <strong className="text-sky-700">{changes.length - added} changed</strong>
          {diff.removedNodes.length > 0 && <>, removed: {diff.removedNodes.join(", ")}</>}
          {diff.addedEdges.length > 0 && <>, {diff.addedEdges.length} new connection(s)</>}
          {diff.removedEdges.length > 0 && (
            <>, removed connections: {diff.removedEdges.join(", ")}</>
          )}
        </span>
        <Button variant="secondary" onClick={onStop}>
          Stop comparing
        </Button>
      </div>
      {fields.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs font-medium">
            {fields.length} changed field{fields.length > 1 ? "s" : ""}
          </summary>
          <ul
            aria-label="Changed fields"
            className="mt-1 max-h-48 overflow-y-auto font-mono text-xs"
          >
            {fields.map((change) => (
              <li key={change.path}>{describeChange(change)}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
