/** Pure graph helpers over a flow's edges. */
export interface Link {
  source: string;
  target: string;
}

/** Every node that can reach `nodeId` by following edges forward (its ancestors). */
export function upstreamOf(nodeId: string, edges: readonly Link[]): Set<string> {
  const parents = new Map<string, string[]>();
  for (const edge of edges)
    parents.set(edge.target, [...(parents.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>();
  const stack = [...(parents.get(nodeId) ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(parents.get(next) ?? []));
  }
  return seen;
}

/** Whether adding source → target would close a cycle (including a self loop). */
export function wouldCreateCycle(edges: readonly Link[], source: string, target: string): boolean {
  return source === target || upstreamOf(source, edges).has(target);
}

/** Node ids on some cycle of the graph (empty when it is a DAG). */
export function nodesOnCycles(nodeIds: readonly string[], edges: readonly Link[]): string[] {
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  for (const edge of edges)
    if (indegree.has(edge.target) && indegree.has(edge.source))
      indegree.set(edge.target, indegree.get(edge.target)! + 1);
  const queue = nodeIds.filter((id) => indegree.get(id) === 0);
  const done = new Set<string>();
  while (queue.length) {
    const id = queue.pop()!;
    done.add(id);
    for (const edge of edges) {
      if (edge.source !== id || !indegree.has(edge.target)) continue;
      const left = indegree.get(edge.target)! - 1;
      indegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  return nodeIds.filter((id) => !done.has(id));
}

/** The node ids an `{{ … }}` expression text refers to as `nodes.<id>`. */
export function referencedNodes(text: string): string[] {
  const ids = new Set<string>();
  for (const [, inner] of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    for (const [, id] of (inner ?? "").matchAll(/\bnodes\.([A-Za-z][\w-]*)/g)) ids.add(id!);
  }
  return [...ids];
}
