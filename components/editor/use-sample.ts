"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import type { CompletionScope } from "@/lib/expressions/completions";
import { upstreamOf } from "@/lib/flow/graph";
import type { CanvasNode } from "@/lib/flow/react-flow";
import { useTRPC } from "../trpc/client";
import { useEditor } from "./editor-context";
import { useEditedFlowId } from "./test-run";

/** What a preview evaluates an expression over: the engine's scope, filled from sample data. */
export interface PreviewScope {
  input: unknown;
  params: Record<string, unknown>;
  nodes: Record<string, { output: unknown }>;
  secrets: Record<string, string>;
  run: { id: string; flow: string; startedAt: string; trigger: string };
}

/** A canvas node without its position: what sample scopes read of it. */
type Placeless = CanvasNode extends infer N
  ? N extends CanvasNode
    ? Pick<N, "id" | "type" | "data">
    : never
  : never;

/**
 * What every node's sample scope is made of: the flow's sample, its secrets and the canvas
 * (nodes without positions, so dragging one recomputes nothing).
 */
export function useSampleSources() {
  const trpc = useTRPC();
  const flowId = useEditedFlowId();
  const sample = useQuery({
    ...trpc.flow.sample.queryOptions({ flowId: flowId ?? "" }),
    enabled: flowId !== null,
    staleTime: 60_000,
  });
  const secrets = useQuery({ ...trpc.secret.list.queryOptions(), enabled: flowId !== null });
  const edges = useEditor((state) => state.edges);
  const ids = useEditor(useShallow((state) => state.nodes.map((node) => node.id)));
  const types = useEditor(useShallow((state) => state.nodes.map((node) => node.type)));
  const data = useEditor(useShallow((state) => state.nodes.map((node) => node.data)));
  const nodes = useMemo(
    () => ids.map((id, index) => ({ id, type: types[index], data: data[index] }) as Placeless),
    [ids, types, data],
  );
  const parameters = useEditor((state) => state.meta.parameters);
  const flow = useEditor((state) => state.meta.name);
  return useMemo(
    () => ({
      outputs: sample.data?.outputs ?? {},
      given: sample.data?.parameters ?? {},
      secrets: (secrets.data ?? []).map((secret) => secret.name),
      edges,
      nodes,
      parameters,
      flow,
    }),
    [sample.data, secrets.data, edges, nodes, parameters, flow],
  );
}

export type SampleSources = ReturnType<typeof useSampleSources>;

/**
 * The sample data one node's expressions see — the flow's latest run (a test included) with
 * pinned outputs first — as completions read it and as previews evaluate it. Secrets are names
 * only: a preview shows `<secret NAME>` where the value would be.
 */
export function sampleScope(
  nodeId: string,
  { outputs, given, secrets, edges, nodes, parameters, flow }: SampleSources,
): { completion: CompletionScope; preview: PreviewScope } {
  const upstream = upstreamOf(nodeId, edges);
  const upstreamNodes = nodes
    .filter((node) => node.type === "block" && upstream.has(node.id))
    .map((node) => ({
      id: node.id,
      name: node.type === "block" ? node.data.name : node.id,
      output: outputs[node.id],
      sampled: node.id in outputs,
    }));
  const params = Object.fromEntries(
    parameters.map((param) => [param.name, given[param.name] ?? param.default]),
  );
  const firstParent = edges.find((edge) => edge.target === nodeId)?.source;
  return {
    completion: {
      params: parameters.map((param) => ({
        name: param.name,
        type: param.type,
        sample: params[param.name],
      })),
      nodes: upstreamNodes,
      secrets,
      input: firstParent && firstParent in outputs ? outputs[firstParent] : undefined,
    },
    preview: {
      input: firstParent ? (outputs[firstParent] ?? null) : null,
      params,
      nodes: Object.fromEntries(upstreamNodes.map((node) => [node.id, { output: node.output }])),
      secrets: Object.fromEntries(secrets.map((name) => [name, `<secret ${name}>`])),
      run: { id: "preview", flow, startedAt: new Date(0).toISOString(), trigger: "TEST" },
    },
  };
}

/** One node's sample scope (see sampleScope). */
export function useSample(nodeId: string) {
  const sources = useSampleSources();
  return useMemo(() => sampleScope(nodeId, sources), [nodeId, sources]);
}
