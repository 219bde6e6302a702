"use client";

import { createContext, useContext } from "react";
import type { FlowDiff } from "@/lib/flow/diff";
import type { FlowDocument } from "@/lib/flow/document";

/** A comparison on the canvas: what changed, and the nodes the newer side removed (as ghosts). */
export type CanvasDiff = FlowDiff & { before: FlowDocument };

const DiffContext = createContext<CanvasDiff | null>(null);

/** The comparison being shown on the canvas, if any (set by the history panel's Compare). */
export const DiffProvider = DiffContext.Provider;
export const useDiff = () => useContext(DiffContext);
