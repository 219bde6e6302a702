"use client";

import { Button } from "../ui/button";
import { Modal } from "../ui/modal";
import { SHORTCUTS } from "./use-shortcuts";

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <Modal label="Keyboard shortcuts" onClose={onClose}>
      <div className="space-y-3">
        <h2 className="font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
          {SHORTCUTS.map(([keys, action]) => (
            <div key={keys} className="contents">
              <dt className="font-mono text-xs">{keys}</dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
        <Button onClick={onClose}>Close</Button>
      </div>
    </Modal>
  );
}
