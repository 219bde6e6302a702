"use client";

import { createContext, useContext } from "react";
import type { FlowDiff } from "@/lib/flow/diff";

const DiffContext = createContext<FlowDiff | null>(null);

/** The comparison being shown on the canvas, if any (set by the history panel's Compare). */
export const DiffProvider = DiffContext.Provider;
export const useDiff = () => useContext(DiffContext);
