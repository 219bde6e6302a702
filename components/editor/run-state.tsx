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
