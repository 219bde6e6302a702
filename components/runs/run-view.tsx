"use client";

import "@xyflow/react/dist/style.css";
import { useMutation } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Canvas } from "../editor/canvas";
import { EditorProvider, useEditor, useEditorStore } from "../editor/editor-context";
import { runBadges, RunStateProvider } from "../editor/run-state";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ApprovalBanner } from "./approval-banner";
import { LogStream } from "./log-stream";
import { NodeDetails } from "./node-details";
import { RerunChoice } from "./rerun-choice";
import { isActiveRun } from "@/lib/runs/status";
import { duration, StatusBadge } from "./status-badge";
import { Timeline } from "./timeline";
import { useLiveRun, useRunNode } from "./use-live-run";

/** One run on the canvas of the version it ran, following its event stream while it is active. */
export function RunView(props: { runId: string; canAct: boolean }) {
  return (
    <EditorProvider readOnly>
      <ReactFlowProvider>
        <RunViewBody {...props} />
      </ReactFlowProvider>
    </EditorProvider>
  );
}

/** What an opened node shows until its details arrive. */
const emptyDetails = { input: undefined, output: undefined, error: null, attemptErrors: [] };

function RunViewBody({ runId, canAct }: { runId: string; canAct: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const store = useEditorStore();
  const selectedId = useEditor((state) => state.selectedId);
  const { query, stream, refresh } = useLiveRun(runId);
  const details = useRunNode(runId, selectedId);
  const open = { onSuccess: (run: { id: string }) => router.push(`/runs/${run.id}`) };
  const cancel = useMutation(trpc.run.cancel.mutationOptions({ onSuccess: refresh }));
  const rerun = useMutation(trpc.run.rerunFromFailure.mutationOptions(open));
  const again = useMutation(trpc.run.start.mutationOptions(open));
  const runAlone = useMutation(trpc.run.runNode.mutationOptions(open));
  const decide = useMutation(trpc.run.decide.mutationOptions({ onSuccess: refresh }));
  const run = query.data;
  const [choosing, setChoosing] = useState(false);

  // The canvas shows the run's own version; it is loaded once per run.
  const loadedRun = run?.id;
  useEffect(() => {
    if (run) store.getState().load(run.document, run.version);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a run's version never changes
  }, [loadedRun, store]);

  const document = run?.document;
  const names = useMemo(
    () => Object.fromEntries(document?.nodes.map((node) => [node.id, node.name]) ?? []),
    [document],
  );
  const badges = useMemo(() => runBadges(run?.nodes ?? [], document), [run?.nodes, document]);

  if (query.error) return <Alert tone="error">{query.error.message}</Alert>;
  if (!run) return <p className="text-sm text-zinc-500">Loading the run…</p>;
  const active = isActiveRun(run.status);
  // A test of a draft is tested again from the editor, never re-run here.
  const test = run.trigger === "TEST";
  const failure = cancel.error ?? rerun.error ?? again.error ?? runAlone.error ?? decide.error;
  const blockOf = (nodeId: string) => run.document.nodes.find((node) => node.id === nodeId);
  const waiting = run.nodes.filter(
    (node) => node.status === "RUNNING" && blockOf(node.nodeId)?.block === "flow.approval",
  );
  const selected = run.nodes.find((node) => node.nodeId === selectedId);
  const selectedBlock = selected && blockOf(selected.nodeId);

  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">
          <Link href={`/flows/${run.flowId}`} className="hover:underline">
            {run.flow.name}
          </Link>
        </h1>
        <StatusBadge status={run.status} />
        {active && (
          <span className="text-xs text-zinc-500" data-stream={stream.status}>
            {stream.status === "pending"
              ? "live"
              : stream.status === "connecting"
                ? "connecting…"
                : ""}
          </span>
        )}
        <span className="text-sm text-zinc-500">
          {test ? "Test of an unsaved draft" : `Version ${run.version}`} ·{" "}
          <span data-trigger={run.trigger}>{run.trigger.toLowerCase()}</span> · started{" "}
          {new Date(run.createdAt).toLocaleString()}
          {run.startedAt && ` · ${duration(run.startedAt, run.finishedAt)}`}
        </span>
        {canAct && (
          <div className="ml-auto flex gap-2">
            {active && (
              <Button
                variant="danger"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate({ runId })}
              >
                Cancel run
              </Button>
            )}
            {!test && (run.status === "FAILED" || run.status === "CANCELLED") && (
              <Button
                disabled={rerun.isPending}
                onClick={() =>
                  run.flow.latestVersion !== run.version
                    ? setChoosing(true)
                    : rerun.mutate({ runId, version: run.version })
                }
              >
                Re-run from failure
              </Button>
            )}
            {!active && !test && (
              <Button
                variant="secondary"
                disabled={again.isPending}
                onClick={() =>
                  again.mutate({
                    flowId: run.flowId,
                    version: run.version,
                    parameters: run.parameters as Record<string, unknown>,
                  })
                }
              >
                Re-run with the same parameters
              </Button>
            )}
          </div>
        )}
      </header>
      {choosing && (
        <RerunChoice
          ran={run.version}
          latest={run.flow.latestVersion}
          pending={rerun.isPending}
          onChoose={(version) => rerun.mutate({ runId, version })}
          onClose={() => setChoosing(false)}
        />
      )}
      <RunLinks run={run} />
      {run.error && <Alert tone="error">{run.error}</Alert>}
      {failure && <Alert tone="error">{failure.message}</Alert>}
      {waiting.map((node) => (
        <ApprovalBanner
          key={node.nodeId}
          name={names[node.nodeId] ?? node.nodeId}
          deciding={decide.isPending}
          onDecide={
            canAct
              ? (approved) => decide.mutate({ runId, nodeId: node.nodeId, approved })
              : undefined
          }
        />
      ))}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="h-[28rem] overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
          <RunStateProvider value={badges}>
            <Canvas />
          </RunStateProvider>
        </div>
        <aside
          aria-label="Node details"
          className="max-h-[28rem] overflow-y-auto rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
        >
          {selected && selectedBlock ? (
            <NodeDetails
              node={{ ...emptyDetails, ...details.data, ...selected }}
              name={selectedBlock.name}
              block={selectedBlock.block}
              maxAttempts={selectedBlock.retries + 1}
              code={
                selectedBlock.block === "code.javascript"
                  ? String(selectedBlock.config.code ?? "")
                  : undefined
              }
              onRunAlone={
                canAct && !active && !test
                  ? (downstream) =>
                      runAlone.mutate({
                        flowId: run.flowId,
                        nodeId: selected.nodeId,
                        fromRunId: runId,
                        downstream,
                      })
                  : undefined
              }
            />
          ) : (
            <p className="text-sm text-zinc-500">
              Select a node on the canvas or the timeline to see its input, output, logs and
              attempts.
            </p>
          )}
        </aside>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Timeline
          nodes={run.nodes}
          names={names}
          startedAt={run.startedAt}
          finishedAt={run.finishedAt}
          selectedId={selectedId}
          onSelect={(id) => store.getState().selectOnly(id)}
        />
        <LogStream nodes={run.nodes} names={names} />
      </div>
      {Object.keys(run.parameters as object).length > 0 && (
        <section>
          <h2 className="text-xs font-medium text-zinc-500 uppercase">Parameters</h2>
          <pre aria-label="Parameters" className="rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">
            {JSON.stringify(run.parameters, null, 2)}
          </pre>
        </section>
      )}
    </div>
  );
}

interface Related {
  rerunOfId: string | null;
  scheduleId: string | null;
  parentRunId: string | null;
  /** Set when one node ran alone, its upstream taken from `rerunOfId`. */
  onlyNodes: string[];
  /** A test run's nodes whose pinned data stood in for running them. */
  pinned: string[] | null;
  flowId: string;
  trigger: string;
  document: { nodes: { id: string; name: string }[] };
}

/** Where the run came from: an earlier run, a schedule or a parent run. */
function RunLinks({ run }: { run: Related }) {
  const nameOf = (id: string) =>
    `“${run.document.nodes.find((node) => node.id === id)?.name ?? id}”`;
  const line = (text: string, href: string, link: string) => (
    <p className="text-sm text-zinc-500">
      {text}{" "}
      <Link className="text-indigo-600" href={href}>
        {link}
      </Link>
    </p>
  );
  return (
    <>
      {run.rerunOfId &&
        (run.onlyNodes.length
          ? line(
              `Ran ${run.onlyNodes.map(nameOf).join(", ")} alone, its upstream outputs from`,
              `/runs/${run.rerunOfId}`,
              "an earlier run",
            )
          : line("Re-run of", `/runs/${run.rerunOfId}`, "an earlier run"))}
      {run.scheduleId && line("Started by", "/schedules", "a schedule")}
      {run.trigger === "TEST" &&
        line(
          run.pinned?.length
            ? `Pinned data stood in for ${run.pinned.map(nameOf).join(", ")}. Tested from`
            : "Tested from",
          `/flows/${run.flowId}`,
          "the editor",
        )}
      {run.parentRunId && line("Subflow of", `/runs/${run.parentRunId}`, "its parent run")}
    </>
  );
}
