"use client";

import type { FlowDiff } from "@/lib/flow/diff";
import { Button } from "../ui/button";

export function CompareBanner({
  number,
  diff,
  onStop,
}: {
  number: number;
  diff: FlowDiff;
  onStop(): void;
}) {
  const changes = Object.values(diff.nodes);
  const added = changes.filter((change) => change === "added").length;
  return (
    <div
      role="status"
      aria-label="Comparison"
      className="flex flex-wrap items-center gap-3 border-b border-sky-300 bg-sky-50 px-4 py-2 text-sm dark:bg-sky-950"
    >
      <span>
        Compared with version {number}: <strong className="text-emerald-700">{added} added</strong>,{" "}
        <strong className="text-sky-700">{changes.length - added} changed</strong>
        {diff.removedNodes.length > 0 && <>, removed: {diff.removedNodes.join(", ")}</>}
        {diff.addedEdges.length > 0 && <>, {diff.addedEdges.length} new connection(s)</>}
        {diff.removedEdges.length > 0 && <>, removed connections: {diff.removedEdges.join(", ")}</>}
      </span>
      <Button variant="secondary" onClick={onStop}>
        Stop comparing
      </Button>
    </div>
  );
}
