"use client";

import { Button } from "../ui/button";
import { SHORTCUTS } from "./use-shortcuts";

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/40"
      onClick={onClose}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        className="w-96 space-y-3 rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === "Escape" && onClose()}
      >
        <h2 className="font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
          {SHORTCUTS.map(([keys, action]) => (
            <div key={keys} className="contents">
              <dt className="font-mono text-xs">{keys}</dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
        <Button autoFocus onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
