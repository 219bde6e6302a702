"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { isActiveRun } from "@/lib/runs/status";
import { errorPosition } from "../runs/code-excerpt";
import { useLiveRun, useRunNode } from "../runs/use-live-run";
import { StatusBadge, Elapsed } from "../runs/status-badge";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { useEditor, useEditorStore } from "./editor-context";
import { ParametersDialog } from "./parameters-dialog";
import { runBadges, RunStateProvider } from "./run-state";

interface TestRequest {
  nodeId?: string;
  downstream?: boolean;
  parameters?: Record<string, unknown>;
}

type LiveRun = NonNullable<ReturnType<typeof useLiveRun>["query"]["data"]>;

interface TestRun {
  flowId: string;
  /** The test run the canvas shows, if any. */
  runId: string | null;
  run: LiveRun | undefined;
  start(request: TestRequest): void;
  starting: boolean;
  error: string | null;
  clear(): void;
  pin(nodeId: string, source: { output: unknown } | { fromRunId: string }): void;
  unpin(nodeId: string): void;
  pinError: string | null;
}

const TestRunContext = createContext<TestRun | null>(null);
/** The draft's pinned outputs by node id: their own context, so a test's progress does not redraw every node. */
const PinsContext = createContext<ReadonlyMap<string, unknown>>(new Map());

export function useTestRun() {
  const value = useContext(TestRunContext);
  if (!value) throw new Error("useTestRun outside TestRunProvider");
  return value;
}
export const usePins = () => useContext(PinsContext);
/** The flow being edited, or null outside a flow's editor. */
export const useEditedFlowId = () => useContext(TestRunContext)?.flowId ?? null;

/**
 * Testing the draft in place: starts test runs of the unsaved document (the whole flow or one
 * node), follows the one shown on the canvas live (states as badges, edges carrying data), and
 * keeps the flow's pinned data, which tests use instead of running those nodes.
 */
export function TestRunProvider({ flowId, children }: { flowId: string; children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useEditorStore();
  const [runId, setRunId] = useState<string | null>(null);
  const { query } = useLiveRun(runId);
  const pinsQuery = useQuery(trpc.flow.pins.queryOptions({ flowId }));
  const refreshPins = () =>
    Promise.all(
      [trpc.flow.pins, trpc.flow.sample].map((query) =>
        queryClient.invalidateQueries({ queryKey: query.queryKey({ flowId }) }),
      ),
    );
  const test = useMutation(trpc.run.test.mutationOptions({ onSuccess: (run) => setRunId(run.id) }));
  const pin = useMutation(trpc.flow.pin.mutationOptions({ onSuccess: refreshPins }));
  const unpin = useMutation(trpc.flow.unpin.mutationOptions({ onSuccess: refreshPins }));
  const pins = useMemo(
    () => new Map((pinsQuery.data ?? []).map((row) => [row.nodeId, row.output])),
    [pinsQuery.data],
  );
  const run = runId ? query.data : undefined;
  // A test that ended is the newest sample data for completions and previews.
  const ended = run && !isActiveRun(run.status);
  useEffect(() => {
    if (ended)
      void queryClient.invalidateQueries({ queryKey: trpc.flow.sample.queryKey({ flowId }) });
  }, [ended, runId, flowId, queryClient, trpc]);
  const badges = useMemo(() => (run ? runBadges(run.nodes, run.document) : null), [run]);
  const value: TestRun = {
    flowId,
    runId,
    run,
    start: (request) =>
      test.mutate({
        flowId,
        document: store.getState().document(),
        downstream: request.downstream ?? false,
        ...(request.nodeId ? { nodeId: request.nodeId } : {}),
        ...(request.parameters ? { parameters: request.parameters } : {}),
      }),
    starting: test.isPending,
    error: test.error?.message ?? null,
    clear: () => {
      setRunId(null);
      test.reset();
    },
    pin: (nodeId, source) => pin.mutate({ flowId, nodeId, ...source }),
    unpin: (nodeId) => unpin.mutate({ flowId, nodeId }),
    pinError: pin.error?.message ?? unpin.error?.message ?? null,
  };
  return (
    <TestRunContext.Provider value={value}>
      <PinsContext.Provider value={pins}>
        <RunStateProvider value={badges}>{children}</RunStateProvider>
      </PinsContext.Provider>
    </TestRunContext.Provider>
  );
}

/** "Test": runs the unsaved draft here, asking for parameters first when the flow has some. */
export function TestButton() {
  const { start, starting, error } = useTestRun();
  const parameters = useEditor((state) => state.meta.parameters);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        disabled={starting}
        title="Run the draft as it is on the canvas, without saving a version"
        onClick={() => (parameters.length ? setAsking(true) : start({}))}
      >
        {starting ? "Testing…" : "Test"}
      </Button>
      {asking && (
        <ParametersDialog
          label="Test parameters"
          title="Test with parameters"
          submit="Start test"
          parameters={parameters}
          pending={starting}
          error={error ?? undefined}
          onStart={(values) => {
            start({ parameters: values });
            setAsking(false);
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}

/** Above the canvas while a test is shown: its state, a link to its page, and Clear. */
export function TestBanner() {
  const { run, runId, error, clear } = useTestRun();
  if (!runId && !error) return null;
  return (
    <div
      role="status"
      aria-label="Test run"
      className="flex flex-wrap items-center gap-3 border-b border-sky-200 bg-sky-50 px-4 py-1.5 text-sm dark:border-sky-900 dark:bg-sky-950"
    >
      {error ? (
        <span className="text-red-700 dark:text-red-300">Test not started: {error}</span>
      ) : (
        <>
          <span className="font-medium">Test run</span>
          {run ? (
            <>
              <StatusBadge status={run.status} />
              <span className="text-xs text-zinc-500">
                <Elapsed from={run.startedAt} to={run.finishedAt} />
                {run.pinned?.length ? ` · ${run.pinned.length} pinned` : ""}
                {run.onlyNodes.length
                  ? ` · ${run.onlyNodes.length} of ${run.nodes.length} nodes`
                  : ""}
              </span>
              {run.error && !isActiveRun(run.status) && (
                <span className="truncate text-xs text-red-700 dark:text-red-300">{run.error}</span>
              )}
              <Link href={`/runs/${runId}`} className="text-indigo-600">
                Open run page
              </Link>
            </>
          ) : (
            <span className="text-xs text-zinc-500">starting…</span>
          )}
        </>
      )}
      <Button variant="ghost" className="ml-auto" onClick={clear}>
        Clear test
      </Button>
    </div>
  );
}

/**
 * Where the shown test's error is in a code node's code (line and column), while the code is
 * still what the test ran; null otherwise.
 */
export function useTestError(nodeId: string, code: string) {
  const test = useContext(TestRunContext);
  const failed = test?.run?.nodes.some((n) => n.nodeId === nodeId && n.status === "FAILED");
  const details = useRunNode(failed ? (test?.runId ?? null) : null, nodeId);
  const ran = test?.run?.document.nodes.find((node) => node.id === nodeId)?.config.code;
  const stack = (details.data?.error as { stack?: string } | null)?.stack;
  return failed && ran === code && stack ? errorPosition(stack) : null;
}
