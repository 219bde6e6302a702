"use client";

import { createContext, useContext } from "react";

/** What the canvas shows of a node in run mode. */
export interface NodeRunBadge {
  status: string;
  attempts: number;
  /** 1 + the node's retries: the "m" of "attempt n of m". */
  maxAttempts: number;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
}

const RunStateContext = createContext<Record<string, NodeRunBadge> | null>(null);

/** Puts the canvas in run mode: each node shows its state in the run being watched. */
export const RunStateProvider = RunStateContext.Provider;
/** The run's node states by node id, or null when the canvas is editing rather than watching. */
export const useRunState = () => useContext(RunStateContext);

/** The badges of a run's nodes, "attempt n of m" counted from each node's retries. */
export function runBadges(
  nodes: readonly (Omit<NodeRunBadge, "maxAttempts"> & { nodeId: string })[],
  document: { nodes: readonly { id: string; retries: number }[] } | undefined,
): Record<string, NodeRunBadge> {
  const retries = new Map(document?.nodes.map((node) => [node.id, node.retries]));
  return Object.fromEntries(
    nodes.map((node): [string, NodeRunBadge] => [
      node.nodeId,
      { ...node, maxAttempts: (retries.get(node.nodeId) ?? 0) + 1 },
    ]),
  );
}
