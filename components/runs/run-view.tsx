"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { NodeRunRow } from "./node-run-row";
import { ACTIVE_RUN, duration, StatusBadge } from "./status-badge";

/** One run: its status, actions and every node's state, refreshed while it is active. */
export function RunView({ runId, canAct }: { runId: string; canAct: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...trpc.run.get.queryOptions({ runId }),
    // The event stream below drives updates; this slow poll is only a safety net.
    refetchInterval: (q) =>
      q.state.data && !ACTIVE_RUN.includes(q.state.data.status) ? false : 10_000,
  });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.run.get.queryKey({ runId }) });
  const stream = useSubscription(
    trpc.run.events.subscriptionOptions({ runId }, { onData: () => void refresh() }),
  );
  const cancel = useMutation(trpc.run.cancel.mutationOptions({ onSuccess: refresh }));
  const rerun = useMutation(
    trpc.run.rerunFromFailure.mutationOptions({
      onSuccess: (run) => router.push(`/runs/${run.id}`),
    }),
  );
  const decide = useMutation(trpc.run.decide.mutationOptions({ onSuccess: refresh }));
  const run = query.data;
  if (query.error) return <Alert tone="error">{query.error.message}</Alert>;
  if (!run) return <p className="text-sm text-zinc-500">Loading the run…</p>;
  const active = ACTIVE_RUN.includes(run.status);
  const failure = cancel.error ?? rerun.error ?? decide.error;

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
          Version {run.version} · {run.trigger.toLowerCase()} · started{" "}
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
            {(run.status === "FAILED" || run.status === "CANCELLED") && (
              <Button disabled={rerun.isPending} onClick={() => rerun.mutate({ runId })}>
                Re-run from failure
              </Button>
            )}
          </div>
        )}
      </header>
      {run.rerunOfId && (
        <p className="text-sm text-zinc-500">
          Re-run of{" "}
          <Link className="text-indigo-600" href={`/runs/${run.rerunOfId}`}>
            an earlier run
          </Link>
        </p>
      )}
      {run.scheduleId && (
        <p className="text-sm text-zinc-500">
          Started by{" "}
          <Link className="text-indigo-600" href="/schedules">
            a schedule
          </Link>
        </p>
      )}
      {run.parentRunId && (
        <p className="text-sm text-zinc-500">
          Subflow of{" "}
          <Link className="text-indigo-600" href={`/runs/${run.parentRunId}`}>
            its parent run
          </Link>
        </p>
      )}
      {Object.keys(run.parameters as object).length > 0 && (
        <pre aria-label="Parameters" className="rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">
          {JSON.stringify(run.parameters, null, 2)}
        </pre>
      )}
      {run.error && <Alert tone="error">{run.error}</Alert>}
      {failure && <Alert tone="error">{failure.message}</Alert>}
      <ul
        aria-label="Nodes"
        className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      >
        {run.nodes.map((node) => (
          <NodeRunRow
            key={node.nodeId}
            node={node}
            meta={run.blocks[node.nodeId]}
            onDecide={
              canAct &&
              node.status === "RUNNING" &&
              run.blocks[node.nodeId]?.block === "flow.approval"
                ? (approved) => decide.mutate({ runId, nodeId: node.nodeId, approved })
                : undefined
            }
          />
        ))}
      </ul>
    </div>
  );
}
