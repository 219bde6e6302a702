"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { NodeChange, RunChange, RunEventMessage } from "@/lib/schemas/run-event";
import { keepEnded, type RunState } from "@/lib/runs/keep-ended";
import { refetchAfterChange } from "@/lib/runs/refetch-after-change";
import { isActiveRun } from "@/lib/runs/status";
import { useTRPC } from "../trpc/client";

const when = (time: string | undefined) => (time ? { time: new Date(time) } : undefined);

/** A node summary with a change applied: status, attempts, branch, times, new log lines. */
function patchNode<Node extends { status: string; logs: unknown }>(node: Node, change: NodeChange) {
  const started = when(change.startedAt);
  const finished = when(change.finishedAt);
  return {
    ...node,
    status: change.status as Node["status"],
    ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
    ...(change.branch !== undefined ? { branch: change.branch } : {}),
    ...(started ? { startedAt: started.time } : {}),
    ...(finished ? { finishedAt: finished.time } : {}),
    ...(change.logs?.length
      ? { logs: [...((node.logs as unknown[] | null) ?? []), ...change.logs] }
      : {}),
  };
}

/**
 * A run, kept current by its event stream: each event carries what the page shows of the run or
 * a node (badge, times, new log lines) and is patched into the cached view; nothing is refetched
 * per event. A node's input and output are fetched when it is opened (useRunNode) and again when
 * an event says it changed. A slow poll is only a safety net.
 *
 * The stream opens once the first read has answered: it replays the run's events from the start
 * anyway, so events written during that read are applied too.
 */
export function useLiveRun(watched: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // With no run to watch (the editor before a test), nothing is fetched or streamed.
  const runId = watched ?? "";
  const runKey = trpc.run.get.queryKey({ runId });
  const query = useQuery({
    ...trpc.run.get.queryOptions({ runId }),
    enabled: watched !== null,
    structuralSharing: (cached, fresh) =>
      keepEnded(cached as RunState | undefined, fresh as RunState),
    refetchInterval: (q) => (q.state.data && !isActiveRun(q.state.data.status) ? false : 30_000),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: runKey });
  const onEvent = ({ data: event }: { data: RunEventMessage }) => {
    if (event.type === "run") {
      const change: RunChange = event.data;
      const started = when(change.startedAt);
      const finished = when(change.finishedAt);
      queryClient.setQueryData(
        runKey,
        (run) =>
          run && {
            ...run,
            status: change.status,
            ...(change.error !== undefined ? { error: change.error } : {}),
            ...(started ? { startedAt: started.time } : {}),
            ...(finished ? { finishedAt: finished.time } : {}),
          },
      );
      return;
    }
    queryClient.setQueryData(
      runKey,
      (run) =>
        run && {
          ...run,
          nodes: run.nodes.map((node) =>
            node.nodeId === event.nodeId ? patchNode(node, event.data) : node,
          ),
        },
    );
    void refetchAfterChange(queryClient, trpc.run.node.queryKey({ runId, nodeId: event.nodeId }));
  };
  const stream = useSubscription(
    trpc.run.events.subscriptionOptions(
      { runId },
      { enabled: watched !== null && query.data !== undefined, onData: onEvent },
    ),
  );
  return { query, stream, refresh };
}

/** The opened node's input, output and errors (its live summary comes from useLiveRun). */
export function useRunNode(runId: string | null, nodeId: string | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.run.node.queryOptions({ runId: runId ?? "", nodeId: nodeId ?? "" }),
    enabled: runId !== null && nodeId !== null,
  });
}
