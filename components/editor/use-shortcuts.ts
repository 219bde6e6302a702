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
  [
    "Tab or double-click on the canvas",
    "Add a block there (also: drop a connection on empty canvas)",
  ],
  ["?", "Show this help"],
];

/**
 * Weft's own clipboard: what was copied last in this tab. Paste falls back to it when the page may
 * not read the system clipboard (no permission, or a browser without the API).
 */
let appClipboard: string | null = null;

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
        if (!fragment) return;
        appClipboard = JSON.stringify(fragment, null, 2);
        navigator.clipboard?.writeText(appClipboard).catch(() => undefined);
      } else if (key === "v") {
        const paste = (text: string | null) => {
          const fragment = text ? parseFragment(text) : null;
          if (fragment) store.getState().paste(fragment);
        };
        if (!navigator.clipboard?.readText) return paste(appClipboard);
        navigator.clipboard.readText().then(paste, () => paste(appClipboard));
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
