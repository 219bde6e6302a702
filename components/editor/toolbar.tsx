"use client";

import Link from "next/link";
import type { MouseEvent } from "react";
import { Button } from "../ui/button";
import { ExportMenu } from "./export-menu";
import { RunButton } from "./run-button";
import { TestButton } from "./test-run";
import { useEditor, useEditorStore, useReadOnly } from "./editor-context";

interface Props {
  flowId: string;
  onSave(): void;
  saving: boolean;
  historyOpen: boolean;
  onToggleHistory(): void;
  viewing?: number;
  onHelp(): void;
}

export function Toolbar({
  flowId,
  onSave,
  saving,
  historyOpen,
  onToggleHistory,
  viewing,
  onHelp,
}: Props) {
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const name = useEditor((state) => state.meta.name);
  const dirty = useEditor((state) => state.dirty);
  const version = useEditor((state) => state.baseVersion);
  const canUndo = useEditor((state) => state.past.length > 0);
  const canRedo = useEditor((state) => state.future.length > 0);
  const message = useEditor((state) => state.versionMessage);
  const editable = !readOnly && viewing === undefined;
  const guardLeave = (event: MouseEvent) => {
    if (dirty && editable && !confirm("Leave without saving your changes?")) event.preventDefault();
  };
  return (
    <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
      <Link href="/flows" className="text-sm text-indigo-600" onClick={guardLeave}>
        Flows
      </Link>
      <span className="text-zinc-400">/</span>
      {editable ? (
        <input
          aria-label="Flow name"
          value={name}
          onFocus={() => store.getState().checkpoint()}
          onChange={(e) => store.getState().setMeta({ name: e.target.value })}
          className="rounded border border-transparent px-1 font-semibold hover:border-zinc-300 dark:bg-transparent"
        />
      ) : (
        <h1 className="font-semibold">{name}</h1>
      )}
      <span
        className="rounded bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800"
        data-version={viewing ?? version}
      >
        {viewing !== undefined ? `Viewing version ${viewing} (read-only)` : `Version ${version}`}
      </span>
      {dirty && editable && (
        <span role="status" className="text-xs text-amber-600">
          Unsaved changes
        </span>
      )}
      {readOnly && (
        <span className="hidden text-xs text-zinc-500 md:inline">Read-only: you are a viewer</span>
      )}
      <div className="ml-auto flex flex-wrap items-center justify-end gap-2">
        {editable && (
          <>
            <Button
              variant="ghost"
              aria-label="Undo"
              title="Undo (Ctrl+Z)"
              disabled={!canUndo}
              onClick={() => store.getState().undo()}
            >
              Undo
            </Button>
            <Button
              variant="ghost"
              aria-label="Redo"
              title="Redo (Ctrl+Shift+Z)"
              disabled={!canRedo}
              onClick={() => store.getState().redo()}
            >
              Redo
            </Button>
          </>
        )}
        {editable && (
          <Button variant="secondary" onClick={() => store.getState().layout()}>
            Auto-layout
          </Button>
        )}
        <Button
          variant="ghost"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={onHelp}
        >
          ?
        </Button>
        {editable && (
          <Button
            variant="secondary"
            onClick={() =>
              store.getState().addNote({ x: 40, y: 40 + store.getState().nodes.length * 20 })
            }
          >
            Add note
          </Button>
        )}
        <ExportMenu flowId={flowId} />
        <Button variant="secondary" aria-pressed={historyOpen} onClick={onToggleHistory}>
          History
        </Button>
        <Link
          href={`/runs?flowId=${flowId}`}
          onClick={guardLeave}
          className="px-2 text-sm text-indigo-600"
        >
          Runs
        </Link>
        <Link
          href={`/dashboard?flowId=${flowId}`}
          onClick={guardLeave}
          className="px-2 text-sm text-indigo-600"
        >
          Dashboard
        </Link>
        {editable && <TestButton />}
        {editable && <RunButton flowId={flowId} />}
        {editable && dirty && (
          <input
            aria-label="Version message"
            placeholder="What changed? (optional)"
            maxLength={500}
            value={message}
            onChange={(e) => store.getState().setVersionMessage(e.target.value)}
            className="w-48 rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        )}
        {editable && (
          <Button onClick={onSave} disabled={saving || !dirty} title="Save (Ctrl+S)">
            {saving ? "Saving…" : "Save"}
          </Button>
        )}
      </div>
    </header>
  );
}
