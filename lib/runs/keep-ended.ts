import { isActiveRun, OPEN_NODE_STATUSES } from "./status";

export interface RunState {
  status: string;
  error?: unknown;
  finishedAt?: unknown;
  nodes: { nodeId: string; status: string }[];
}

const isOpenNode = (status: string) => (OPEN_NODE_STATUSES as readonly string[]).includes(status);

/**
 * A read that started before the latest events can answer after them (a refetch after Approve,
 * say, racing the run's end). Statuses only move forward within a run, so an older answer never
 * takes back an end the event stream has already shown: the run's, or a node's.
 */
export function keepEnded<Run extends RunState>(cached: Run | undefined, fresh: Run): Run {
  if (!cached) return fresh;
  const ended = new Map(
    cached.nodes.filter((node) => !isOpenNode(node.status)).map((node) => [node.nodeId, node]),
  );
  const nodes = fresh.nodes.map((node) =>
    isOpenNode(node.status) ? (ended.get(node.nodeId) ?? node) : node,
  );
  const runEnded = !isActiveRun(cached.status) && isActiveRun(fresh.status);
  return {
    ...fresh,
    ...(runEnded
      ? { status: cached.status, error: cached.error, finishedAt: cached.finishedAt }
      : {}),
    nodes,
  };
}
