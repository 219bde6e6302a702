"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { CompletionScope } from "@/lib/expressions/completions";
import { upstreamOf } from "@/lib/flow/graph";
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

/**
 * The sample data one node's expressions see — the flow's latest run (a test included) with
 * pinned outputs first — as completions read it and as previews evaluate it. Secrets are names
 * only: a preview shows `<secret NAME>` where the value would be.
 */
export function useSample(nodeId: string): { completion: CompletionScope; preview: PreviewScope } {
  const trpc = useTRPC();
  const flowId = useEditedFlowId();
  const sample = useQuery({
    ...trpc.flow.sample.queryOptions({ flowId: flowId ?? "" }),
    enabled: flowId !== null,
    staleTime: 60_000,
  });
  const secrets = useQuery({ ...trpc.secret.list.queryOptions(), enabled: flowId !== null });
  const edges = useEditor((state) => state.edges);
  const nodes = useEditor((state) => state.nodes);
  const parameters = useEditor((state) => state.meta.parameters);
  const flow = useEditor((state) => state.meta.name);
  return useMemo(() => {
    const outputs = sample.data?.outputs ?? {};
    const given = sample.data?.parameters ?? {};
    const upstream = upstreamOf(nodeId, edges);
    const names = (secrets.data ?? []).map((secret) => secret.name);
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
        secrets: names,
      },
      preview: {
        input: firstParent ? (outputs[firstParent] ?? null) : null,
        params,
        nodes: Object.fromEntries(upstreamNodes.map((node) => [node.id, { output: node.output }])),
        secrets: Object.fromEntries(names.map((name) => [name, `<secret ${name}>`])),
        run: { id: "preview", flow, startedAt: new Date(0).toISOString(), trigger: "TEST" },
      },
    };
  }, [sample.data, secrets.data, edges, nodes, parameters, flow, nodeId]);
}
