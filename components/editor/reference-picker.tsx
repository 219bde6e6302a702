"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { upstreamOf } from "@/lib/flow/graph";
import { useTRPC } from "../trpc/client";
import { inputClass } from "../ui/field";
import { useEditor } from "./editor-context";

/** References an expression in `nodeId` may use: parameters, upstream outputs, secrets and the run. */
export function useReferences(nodeId: string): string[] {
  const edges = useEditor((state) => state.edges);
  const parameters = useEditor((state) => state.meta.parameters);
  const trpc = useTRPC();
  const secrets = useQuery(trpc.secret.list.queryOptions());
  return useMemo(() => {
    const upstream = [...upstreamOf(nodeId, edges)].sort();
    return [
      ...parameters.map((parameter) => `params.${parameter.name}`),
      ...upstream.map((id) => `nodes.${id}.output`),
      ...(secrets.data ?? []).map((secret) => `secrets.${secret.name}`),
      "run.id",
      "run.startedAt",
    ];
  }, [nodeId, edges, parameters, secrets.data]);
}

/**
 * Inserts a reference at the end of a field: `{{ reference }}` in text fields, the bare variable
 * (`params.x`) in code, where values are variables and `{{ }}` is never expanded.
 */
export function ReferencePicker({
  nodeId,
  label,
  bare = false,
  onInsert,
}: {
  nodeId: string;
  label: string;
  bare?: boolean;
  onInsert(text: string): void;
}) {
  const references = useReferences(nodeId);
  return (
    <select
      aria-label={`Insert a reference into ${label}`}
      className={`${inputClass} py-0.5 text-xs text-zinc-600`}
      value=""
      onChange={(event) =>
        event.target.value && onInsert(bare ? event.target.value : `{{ ${event.target.value} }}`)
      }
    >
      <option value="">Insert reference…</option>
      {references.map((reference) => (
        <option key={reference} value={reference}>
          {reference}
        </option>
      ))}
    </select>
  );
}
