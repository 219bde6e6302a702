import { expressionsIn } from "../expressions/template";

/** Pure graph helpers over a flow's edges. */
export interface Link {
  source: string;
  target: string;
}

/** Each node's list of `key` ends of the edges whose other end it is (parents or children). */
function adjacency(edges: readonly Link[], from: "source" | "target", to: "source" | "target") {
  const lists = new Map<string, string[]>();
  for (const edge of edges) {
    const list = lists.get(edge[from]);
    if (list) list.push(edge[to]);
    else lists.set(edge[from], [edge[to]]);
  }
  return lists;
}

/** Every node that can reach `nodeId` by following edges forward (its ancestors). */
export function upstreamOf(nodeId: string, edges: readonly Link[]): Set<string> {
  return ancestorsFrom(nodeId, adjacency(edges, "target", "source"));
}

/** Every node reachable from `nodeId` by following edges forward (its descendants). */
export function downstreamOf(nodeId: string, edges: readonly Link[]): Set<string> {
  return ancestorsFrom(nodeId, adjacency(edges, "source", "target"));
}

function ancestorsFrom(nodeId: string, parents: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(parents.get(nodeId) ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const parent of parents.get(next) ?? []) stack.push(parent);
  }
  return seen;
}

/**
 * Answers "is `candidate` upstream of `nodeId`?" for a whole document in linear-ish time: ancestor
 * sets as bitsets built once in topological order (nodes on cycles fall back to a search).
 */
export function upstreamIndex(nodeIds: readonly string[], edges: readonly Link[]) {
  const index = new Map(nodeIds.map((id, position) => [id, position]));
  const words = Math.ceil(nodeIds.length / 32) || 1;
  const parents = adjacency(edges, "target", "source");
  const bits = new Map<string, Uint32Array>();
  for (const id of topologicalOrder(nodeIds, edges).order) {
    const own = new Uint32Array(words);
    for (const parent of parents.get(id) ?? []) {
      const from = bits.get(parent);
      const at = index.get(parent);
      if (!from || at === undefined) continue;
      for (let word = 0; word < words; word++) own[word]! |= from[word]!;
      own[at >>> 5]! |= 1 << (at & 31);
    }
    bits.set(id, own);
  }
  const fallback = new Map<string, Set<string>>();
  return (nodeId: string, candidate: string): boolean => {
    const own = bits.get(nodeId);
    const at = index.get(candidate);
    if (own && at !== undefined) return ((own[at >>> 5]! >>> (at & 31)) & 1) === 1;
    let found = fallback.get(nodeId);
    if (!found) fallback.set(nodeId, (found = ancestorsFrom(nodeId, parents)));
    return found.has(candidate);
  };
}

/** Whether adding source → target would close a cycle (including a self loop). */
export function wouldCreateCycle(edges: readonly Link[], source: string, target: string): boolean {
  return source === target || upstreamOf(source, edges).has(target);
}

/**
 * Kahn's algorithm, once for the whole codebase: the nodes in an order where every edge points
 * forward (first in, first out, so ties keep the document's order), and the nodes it cannot place
 * (on a cycle, or after one). Edges to or from unknown nodes are ignored. Linear in nodes + edges.
 */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly Link[]) {
  const known = new Set(nodeIds);
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  for (const edge of edges)
    if (known.has(edge.source) && known.has(edge.target))
      indegree.set(edge.target, indegree.get(edge.target)! + 1);
  const children = adjacency(edges, "source", "target");
  const order = nodeIds.filter((id) => indegree.get(id) === 0);
  for (let next = 0; next < order.length; next++)
    for (const child of children.get(order[next]!) ?? []) {
      if (!known.has(child)) continue;
      const left = indegree.get(child)! - 1;
      indegree.set(child, left);
      if (left === 0) order.push(child);
    }
  const placed = new Set(order);
  return { order, cyclic: nodeIds.filter((id) => !placed.has(id)) };
}

/** Node ids on some cycle of the graph, or downstream of one (empty when it is a DAG). */
export function nodesOnCycles(nodeIds: readonly string[], edges: readonly Link[]): string[] {
  return topologicalOrder(nodeIds, edges).cyclic;
}

/** The node ids an `{{ … }}` expression text refers to as `nodes.<id>`. */
export function referencedNodes(text: string): string[] {
  const ids = new Set<string>();
  for (const source of expressionsIn(text))
    for (const [, id] of source.matchAll(/\bnodes\.([A-Za-z][\w-]*)/g)) ids.add(id!);
  return [...ids];
}
