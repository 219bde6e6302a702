"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { RunEventMessage } from "@/server/runs/run-events";
import { useTRPC } from "../trpc/client";
import { isActiveRun } from "@/lib/runs/status";

const FINAL_NODE = ["COMPLETED", "FAILED", "SKIPPED", "CACHED", "CANCELLED"];

/**
 * A run, kept current by its event stream: each event patches the run's or node's state at once,
 * then the run is refetched for outputs and logs. A slow poll is only a safety net.
 *
 * The stream opens once the first read has answered: it replays the run's events from the start
 * anyway, and an invalidation that lands while the very first read is still under way does not
 * start a new read (React Query joins the one in flight), so events written during that read
 * would otherwise never show.
 */
export function useLiveRun(runId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runKey = trpc.run.get.queryKey({ runId });
  const query = useQuery({
    ...trpc.run.get.queryOptions({ runId }),
    refetchInterval: (q) => (q.state.data && !isActiveRun(q.state.data.status) ? false : 10_000),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: runKey });
  const onEvent = ({ data: event }: { data: RunEventMessage }) => {
    const status = (event.data as { status?: string } | null)?.status;
    if (event.type === "run" && status)
      queryClient.setQueryData(
        runKey,
        (run) => run && { ...run, status: status as typeof run.status },
      );
    if (event.type === "node" && event.nodeId && status)
      queryClient.setQueryData(
        runKey,
        (run) =>
          run && {
            ...run,
            nodes: run.nodes.map((node) =>
              node.nodeId === event.nodeId
                ? {
                    ...node,
                    status: status as typeof node.status,
                    ...(FINAL_NODE.includes(status) ? { finishedAt: new Date(event.at) } : {}),
                  }
                : node,
            ),
          },
      );
    void refresh();
  };
  const stream = useSubscription(
    trpc.run.events.subscriptionOptions(
      { runId },
      { enabled: query.data !== undefined, onData: onEvent },
    ),
  );
  return { query, stream, refresh };
}
