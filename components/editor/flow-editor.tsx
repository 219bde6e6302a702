"use client";

import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { getVersion } from "@/server/flows/versions";
import { diffDocuments } from "@/lib/flow/diff";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { PHONE, useMediaQuery } from "../ui/use-media-query";
import { Canvas } from "./canvas";
import { CompareBanner } from "./compare-banner";
import { preloadCodeInput } from "./config-field";
import { ConfirmBanner } from "./confirm-banner";
import { EditorProvider, useEditor, useEditorStore } from "./editor-context";
import { HistoryPanel } from "./history-panel";
import { Inspector } from "./inspector";
import { Triggers } from "./triggers";
import { Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { ShortcutsHelp } from "./shortcuts-help";
import { TestBanner, TestRunProvider } from "./test-run";
import { Toolbar } from "./toolbar";
import { ProblemsProvider } from "./use-problems";
import { DiffProvider } from "./use-diff";
import { useSave } from "./use-save";
import { useLeaveGuard, useShortcuts } from "./use-shortcuts";

type Version = Awaited<ReturnType<typeof getVersion>>;

interface EditorProps {
  flowId: string;
  canEdit: boolean;
  /** The latest version, read with the page: the editor opens without asking for it. */
  latest?: Version;
}

export function FlowEditor({ flowId, canEdit: mayEdit, latest }: EditorProps) {
  const [viewing, setViewing] = useState<number>();
  // A phone shows the flow read-only: editing a canvas needs a larger screen.
  const phone = useMediaQuery(PHONE);
  const canEdit = mayEdit && !phone;
  return (
    <EditorProvider readOnly={!canEdit || viewing !== undefined}>
      <ReactFlowProvider>
        <TestRunProvider flowId={flowId}>
          <ProblemsProvider>
            <EditorLayout
              flowId={flowId}
              latest={latest}
              canEdit={canEdit}
              viewing={viewing}
              setViewing={setViewing}
            />
          </ProblemsProvider>
        </TestRunProvider>
      </ReactFlowProvider>
    </EditorProvider>
  );
}

interface LayoutProps extends EditorProps {
  viewing: number | undefined;
  setViewing(number: number | undefined): void;
}

/** False while rendering on the server and hydrating: the canvas is drawn in the browser only. */
const useInBrowser = () =>
  useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );

function EditorLayout({ flowId, latest, canEdit, viewing, setViewing }: LayoutProps) {
  const trpc = useTRPC();
  const inBrowser = useInBrowser();
  const store = useEditorStore();
  const dirty = useEditor((state) => state.dirty);
  const [historyOpen, setHistoryOpen] = useState(false);
  const version = useQuery({
    ...trpc.flow.version.queryOptions({ flowId, number: viewing }),
    staleTime: Infinity,
    initialData: viewing === undefined ? latest : undefined,
  });
  const { save, mutation, conflict, breaking } = useSave(flowId);
  const [comparing, setComparing] = useState<number>();
  const compared = useQuery({
    ...trpc.flow.version.queryOptions({ flowId, number: comparing ?? 1 }),
    enabled: comparing !== undefined,
  });
  const nodes = useEditor((state) => state.nodes);
  const edges = useEditor((state) => state.edges);
  const diff = useMemo(
    () =>
      comparing !== undefined && compared.data
        ? {
            ...diffDocuments(compared.data.document, store.getState().document()),
            before: compared.data.document,
          }
        : null,
    // nodes and edges stand for the canvas the comparison is drawn on
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [comparing, compared.data, nodes, edges, store],
  );
  const editable = canEdit && viewing === undefined;

  useEffect(() => {
    const data = version.data;
    // After a save the refetched latest version is what the canvas already shows: keep undo history.
    if (!data || (viewing === undefined && store.getState().baseVersion === data.number)) return;
    store.getState().load(data.document, data.number);
  }, [version.data, viewing, store]);
  const [helpOpen, setHelpOpen] = useState(false);
  const showHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(editable, save, showHelp);
  useLeaveGuard(dirty && editable);
  useEffect(() => {
    // The code editor's scripts, once the opened flow is on screen and the browser is idle.
    const later = window.setTimeout(() => {
      if (window.requestIdleCallback) window.requestIdleCallback(preloadCodeInput);
      else preloadCodeInput();
    }, 1500);
    return () => window.clearTimeout(later);
  }, []);

  if (version.error) return <Alert tone="error">{version.error.message}</Alert>;
  if (!version.data || !inBrowser)
    return (
      <p aria-busy="true" className="p-8 text-sm text-zinc-500">
        Opening flow…
      </p>
    );

  const view = (number: number | undefined) => {
    if (
      number !== undefined &&
      dirty &&
      !confirm("Discard your unsaved changes to look at an old version?")
    )
      return;
    setViewing(number);
  };
  return (
    <div className="flex h-screen flex-col bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <Toolbar
        flowId={flowId}
        onSave={() => save()}
        saving={mutation.isPending}
        historyOpen={historyOpen}
        onHelp={showHelp}
        onToggleHistory={() => setHistoryOpen(!historyOpen)}
        viewing={viewing}
      />
      {!canEdit && (
        <p className="border-b border-zinc-200 bg-zinc-50 px-4 py-1.5 text-xs text-zinc-600 md:hidden dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          Editing needs a larger screen: this is a read-only view of the flow.
        </p>
      )}
      {conflict && (
        <div
          className="flex items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm dark:bg-amber-950"
          role="alert"
        >
          <span>{mutation.error?.message}. Saving now would replace their changes.</span>
          <Button
            variant="secondary"
            onClick={() => void version.refetch().then(() => mutation.reset())}
          >
            Reload their version
          </Button>
          <Button variant="danger" onClick={() => save(true)}>
            Save anyway
          </Button>
        </div>
      )}
      {breaking && (
        <ConfirmBanner
          message={mutation.error!.message}
          confirm="Save anyway"
          onConfirm={() => save(false, true)}
          onCancel={() => mutation.reset()}
        />
      )}
      <TestBanner />
      {mutation.error && !conflict && !breaking && (
        <Alert tone="error">{mutation.error.message}</Alert>
      )}
      {diff && comparing !== undefined && (
        <CompareBanner
          number={comparing}
          against={viewing !== undefined ? `Version ${viewing}` : "The canvas"}
          diff={diff}
          after={store.getState().document()}
          onStop={() => setComparing(undefined)}
        />
      )}
      <DiffProvider value={diff}>
        <div className="flex min-h-0 flex-1">
          {editable && <Palette />}
          <div className="relative min-w-0 flex-1">
            <Canvas flowId={flowId} />
            <Triggers flowId={flowId} />
          </div>
          <aside
            aria-label={historyOpen ? "History" : "Inspector"}
            className="hidden w-80 shrink-0 overflow-y-auto border-l border-zinc-200 md:block dark:border-zinc-800"
          >
            {historyOpen ? (
              <HistoryPanel
                flowId={flowId}
                viewing={viewing}
                onView={view}
                comparing={comparing}
                onCompare={setComparing}
                onRestored={() => {
                  setViewing(undefined);
                  void version.refetch();
                }}
              />
            ) : (
              <Inspector flowId={flowId} />
            )}
          </aside>
        </div>
      </DiffProvider>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
      <ProblemsPanel />
    </div>
  );
}
