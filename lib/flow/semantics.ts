// The engine's rules, without I/O: when a node runs or is skipped, how a run ends, retry timing.
import type { FlowEdge } from "./document";
import { topologicalOrder as sortTopologically } from "./graph";

export type Outcome =
  | { status: "completed" | "cached"; branch?: "true" | "false" }
  | { status: "failed" | "skipped" | "cancelled" };

/** The parts of a flow document the orchestrator needs (the rest is read inside each step). */
export interface Skeleton {
  nodes: {
    id: string;
    block: string;
    retries: number;
    retryDelaySeconds: number;
    /** A delay of a fixed number of seconds short enough to wait inside its step. */
    shortDelay?: true;
  }[];
  edges: Pick<FlowEdge, "source" | "target" | "sourceHandle">[];
}

const succeeded = (outcome: Outcome) =>
  outcome.status === "completed" || outcome.status === "cached";

/** Whether data flows along an edge once its source has finished. */
export function edgeActive(edge: Skeleton["edges"][number], source: Outcome): boolean {
  if (edge.sourceHandle === "error") return source.status === "failed";
  if (!succeeded(source)) return false;
  if (edge.sourceHandle === "true" || edge.sourceHandle === "false")
    return "branch" in source && source.branch === edge.sourceHandle;
  return true;
}

export const incoming = (skeleton: Skeleton, nodeId: string) =>
  skeleton.edges.filter((edge) => edge.target === nodeId);

/** A failed node whose `error` handle is wired has its failure handled: the run may complete. */
export const handlesErrors = (skeleton: Skeleton, nodeId: string) =>
  skeleton.edges.some((edge) => edge.source === nodeId && edge.sourceHandle === "error");

/**
 * Once every parent has finished: a node runs when at least one incoming edge is active and no
 * parent failed (other than one whose failure routes here through its `error` handle). A root
 * node always runs. Otherwise it is skipped, and its own children will be skipped in turn.
 */
export function decide(
  skeleton: Skeleton,
  nodeId: string,
  outcomes: Record<string, Outcome>,
): "run" | "skip" {
  const edges = incoming(skeleton, nodeId);
  if (edges.length === 0) return "run";
  const unhandledFailure = edges.some(
    (edge) => outcomes[edge.source]!.status === "failed" && edge.sourceHandle !== "error",
  );
  if (unhandledFailure) return "skip";
  return edges.some((edge) => edgeActive(edge, outcomes[edge.source]!)) ? "run" : "skip";
}

/** The first parent (in edge order) whose data reached this node: its output is the node's input. */
export function inputSource(
  skeleton: Skeleton,
  nodeId: string,
  outcomes: Record<string, Outcome>,
): string | null {
  const edge = incoming(skeleton, nodeId).find((e) => edgeActive(e, outcomes[e.source]!));
  return edge?.source ?? null;
}

/** A run fails when a node failed without an error route, or was cancelled; else it completes. */
export function runResult(
  skeleton: Skeleton,
  outcomes: Record<string, Outcome>,
): { status: "COMPLETED" | "FAILED"; failedNodes: string[] } {
  const failedNodes = skeleton.nodes
    .filter((node) => outcomes[node.id]?.status === "failed" && !handlesErrors(skeleton, node.id))
    .map((node) => node.id);
  return { status: failedNodes.length ? "FAILED" : "COMPLETED", failedNodes };
}

/** Delay before retry `attempt` (2 = the first retry): exponential from the node's delay, capped. */
export const MAX_RETRY_DELAY_SECONDS = 3_600;
export function retryDelaySeconds(baseSeconds: number, attempt: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempt - 2), MAX_RETRY_DELAY_SECONDS);
}

/** Nodes in an order where every parent comes before its children (the document is a DAG). */
export function topologicalOrder(skeleton: Skeleton): string[] {
  return sortTopologically(
    skeleton.nodes.map((node) => node.id),
    skeleton.edges,
  ).order;
}

/** For each node, how many other nodes are neither its ancestors nor its descendants. */
export function unrelatedCounts(skeleton: Skeleton): Map<string, number> {
  const order = topologicalOrder(skeleton);
  const index = new Map(order.map((id, i) => [id, i]));
  const words = Math.ceil(order.length / 32);
  // ancestors[i]: a bit set over topological positions.
  const ancestors = order.map(() => new Uint32Array(words));
  for (const edge of skeleton.edges) {
    const source = index.get(edge.source);
    const target = index.get(edge.target);
    if (source === undefined || target === undefined) continue;
    ancestors[target]![source >> 5]! |= 1 << (source & 31);
  }
  for (const [i, set] of ancestors.entries())
    for (let j = 0; j < i; j++)
      if (set[j >> 5]! & (1 << (j & 31)))
        for (let w = 0; w < words; w++) set[w]! |= ancestors[j]![w]!;
  const related = order.map(() => 0);
  for (const [i, set] of ancestors.entries())
    for (let j = 0; j < i; j++)
      if (set[j >> 5]! & (1 << (j & 31))) {
        related[i]! += 1;
        related[j]! += 1;
      }
  return new Map(order.map((id, i) => [id, order.length - 1 - related[i]!]));
}

/**
 * Nodes that may run at the same time as some other node: neither its ancestor nor its
 * descendant. Their steps run in Inngest's race mode so each branch advances on its own (in the
 * default mode, a delay on one branch would hold every other branch until it ends).
 */
export function concurrentNodes(skeleton: Skeleton): Set<string> {
  return new Set(
    [...unrelatedCounts(skeleton)].filter(([, unrelated]) => unrelated > 0).map(([id]) => id),
  );
}

/** Each node's parents and children (a node without any has no entry). */
function neighbours(skeleton: Skeleton) {
  const parentsOf = new Map<string, Set<string>>();
  const childrenOf = new Map<string, Set<string>>();
  for (const { source, target } of skeleton.edges) {
    if (!parentsOf.has(target)) parentsOf.set(target, new Set());
    parentsOf.get(target)!.add(source);
    if (!childrenOf.has(source)) childrenOf.set(source, new Set());
    childrenOf.get(source)!.add(target);
  }
  return { parentsOf, childrenOf };
}

/**
 * Nodes that can share one step without anything starting later than it would with a step each:
 * `shareable` nodes with the same parents (they become ready together) whose children each wait
 * for every one of them. Groups of 2 to `maxSize` nodes, in topological order; a larger set is
 * split into groups that run side by side.
 */
export function stepGroups(
  skeleton: Skeleton,
  shareable: (node: Skeleton["nodes"][number]) => boolean,
  maxSize: number,
): string[][] {
  const { parentsOf, childrenOf } = neighbours(skeleton);
  const byId = new Map(skeleton.nodes.map((node) => [node.id, node]));
  const buckets = new Map<string, string[]>();
  for (const id of topologicalOrder(skeleton)) {
    if (!shareable(byId.get(id)!)) continue;
    const key = [...(parentsOf.get(id) ?? [])].sort().join("\u0000");
    buckets.set(key, [...(buckets.get(key) ?? []), id]);
  }
  const groups: string[][] = [];
  for (let members of buckets.values()) {
    // Leaving a node out only makes the rule easier for the others: repeat until it holds.
    for (;;) {
      const group = new Set(members);
      const kept = members.filter((id) =>
        [...(childrenOf.get(id) ?? [])].every((child) =>
          [...group].every((member) => parentsOf.get(child)!.has(member)),
        ),
      );
      if (kept.length === members.length) break;
      members = kept;
    }
    if (members.length < 2) continue;
    const count = Math.ceil(members.length / maxSize);
    const size = Math.ceil(members.length / count);
    for (let i = 0; i < members.length; i += size) groups.push(members.slice(i, i + size));
  }
  return groups;
}

/**
 * Chains that can run one after another in one step without anything starting later than it
 * would with a step each: runs of 2 to `maxSize` `shareable` nodes where each is the only child of
 * the one before and has no other parent (so nothing else waits for it, and it waits for nothing
 * else). Nodes in `taken` (already sharing a step) are left out.
 */
export function stepChains(
  skeleton: Skeleton,
  shareable: (node: Skeleton["nodes"][number]) => boolean,
  maxSize: number,
  taken: ReadonlySet<string> = new Set(),
): string[][] {
  const { parentsOf, childrenOf } = neighbours(skeleton);
  const byId = new Map(skeleton.nodes.map((node) => [node.id, node]));
  const eligible = (id: string) => !taken.has(id) && shareable(byId.get(id)!);
  const next = (id: string) => {
    const children = childrenOf.get(id);
    if (children?.size !== 1) return undefined;
    const [child] = children;
    return parentsOf.get(child!)!.size === 1 && eligible(child!) ? child : undefined;
  };
  const chains: string[][] = [];
  const chained = new Set<string>();
  // In topological order a chain is met at its head: a node's sole eligible parent came first.
  for (const id of topologicalOrder(skeleton)) {
    if (chained.has(id) || !eligible(id)) continue;
    const chain = [id];
    for (let child = next(id); child && chain.length < maxSize; child = next(child))
      chain.push(child);
    if (chain.length < 2) continue;
    chains.push(chain);
    for (const member of chain) chained.add(member);
  }
  return chains;
}
