"use client";

import { useEffect } from "react";
import { parseFragment } from "@/lib/flow/clipboard";
import { useEditorStore } from "./editor-context";

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** The editor's keyboard shortcuts, as the help overlay lists them. */
export const SHORTCUTS: [string, string][] = [
  ["Ctrl+S", "Save a new version"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"],
  ["Ctrl+A", "Select every node"],
  ["Ctrl+C / Ctrl+V", "Copy / paste nodes (also between flows)"],
  ["Delete or Backspace", "Delete the selection"],
  ["Escape", "Clear the selection"],
  ["?", "Show this help"],
];

/** Editing shortcuts (outside text fields, but Ctrl+S works everywhere). */
export function useShortcuts(enabled: boolean, save: () => void, onHelp: () => void) {
  const store = useEditorStore();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const state = store.getState();
      if (event.key === "Escape") return state.selectAll(false);
      if (event.key === "?" && !typing(event.target)) return onHelp();
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === "s") {
        event.preventDefault();
        if (state.dirty) save();
        return;
      }
      if (typing(event.target)) return;
      if (key === "z") {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
      } else if (key === "a") {
        event.preventDefault();
        state.selectAll(true);
      } else if (key === "c") {
        const fragment = state.copySelection();
        if (fragment) void navigator.clipboard.writeText(JSON.stringify(fragment, null, 2));
      } else if (key === "v") {
        void navigator.clipboard.readText().then((text) => {
          const fragment = parseFragment(text);
          if (fragment) store.getState().paste(fragment);
        });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, save, onHelp, store]);
}

/** Asks before the page is left with unsaved changes. */
export function useLeaveGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [dirty]);
}
