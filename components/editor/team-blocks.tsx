"use client";

import { useQuery } from "@tanstack/react-query";
import type { FlowDocument, FlowParameter } from "@/lib/flow/document";
import { completeTemplate } from "@/lib/expressions/completions";
import { describeChange, fieldChanges } from "@/lib/flow/field-diff";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { BlockIcon } from "./block-icon";
import { useEditorStore, useReadOnly } from "./editor-context";
import { TemplateInput } from "./template-input";
import { useEditedFlowId } from "./test-run";
import { useSample } from "./use-sample";

type Block = {
  flowId: string;
  version: number;
  name: string;
  description: string;
  icon: string;
  resultNodeId: string | null;
  deprecated: boolean;
  parameters: FlowParameter[];
};

/** The team's published blocks (deprecated ones too: nodes that use them still show them). */
export function useTeamBlocks() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.flow.blocks.queryOptions(), staleTime: 30_000 }).data ?? [];
}

/** A team block's node config for `block`'s published version, keeping what still applies. */
export function blockConfig(block: Block, parameters: Record<string, unknown> = {}) {
  const names = new Set(block.parameters.map((p) => p.name));
  return {
    flowId: block.flowId,
    version: block.version,
    resultNodeId: block.resultNodeId ?? "",
    parameters: Object.fromEntries(Object.entries(parameters).filter(([name]) => names.has(name))),
  };
}

/** The palette's Team blocks: the flows the team published as blocks (not this one). */
export function TeamBlocksSection({ search }: { search: string }) {
  const store = useEditorStore();
  const current = useEditedFlowId();
  const term = search.trim().toLowerCase();
  const blocks = useTeamBlocks().filter(
    (block) =>
      !block.deprecated &&
      block.flowId !== current &&
      (!term || `${block.name} ${block.description}`.toLowerCase().includes(term)),
  );
  if (!blocks.length) return null;
  return (
    <section aria-label="Team blocks">
      <h3 className="mb-1 text-xs font-semibold text-zinc-500 uppercase">Team blocks</h3>
      <ul className="space-y-1">
        {blocks.map((block) => (
          <li key={block.flowId}>
            <button
              type="button"
              aria-label={`Add ${block.name}`}
              title={block.description}
              onClick={() => {
                const count = store.getState().nodes.length;
                store
                  .getState()
                  .addBlock(
                    "flow.block",
                    { x: 80 + (count % 4) * 260, y: 80 + Math.floor(count / 4) * 140 },
                    { name: block.name, config: blockConfig(block) },
                  );
              }}
              className="flex w-full items-center gap-2 rounded border border-violet-200 bg-violet-50 px-2 py-1.5 text-left text-sm hover:border-violet-400 dark:border-violet-900 dark:bg-violet-950"
            >
              <BlockIcon block={`team:${block.icon}`} />
              {block.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What changed from one version of a block's flow to another, as lines (positions left out). */
function changes(before: FlowDocument | undefined, after: FlowDocument | undefined) {
  if (!before || !after) return [];
  return fieldChanges(before, after)
    .filter((change) => !/\.position(\.|$)/.test(change.path))
    .map(describeChange);
}

const SHOWN_CHANGES = 8;

/** A typed parameter's value from its input: numbers and booleans as such, `{{ }}` as text. */
function valueOf(parameter: FlowParameter, text: string): unknown {
  if (text === "") return undefined;
  if (parameter.type === "number" && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (parameter.type === "boolean" && (text === "true" || text === "false")) return text === "true";
  if (parameter.type === "json" && !text.includes("{{"))
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  return text;
}

const textOf = (value: unknown) =>
  value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/**
 * A team block node's settings: its pinned version, "update available" with what changed and a
 * one-click update, and its parameters as a form (values or `{{ expressions }}`).
 */
export function TeamBlockSettings({
  nodeId,
  config,
  onChange,
}: {
  nodeId: string;
  config: Record<string, unknown>;
  onChange(config: Record<string, unknown>): void;
}) {
  const trpc = useTRPC();
  const readOnly = useReadOnly();
  const { completion } = useSample(nodeId);
  const flowId = String(config.flowId ?? "");
  const pinned = Number(config.version ?? 0);
  const published = useTeamBlocks().find((block) => block.flowId === flowId);
  const version = useQuery({
    ...trpc.flow.version.queryOptions({ flowId, number: pinned }),
    enabled: Boolean(flowId && pinned),
  });
  const parameters = version.data?.document.parameters ?? [];
  const values = (config.parameters ?? {}) as Record<string, unknown>;
  const newer = published && published.version > pinned ? published : null;
  const next = useQuery({
    ...trpc.flow.version.queryOptions({ flowId, number: newer?.version ?? 1 }),
    enabled: Boolean(newer),
  });
  const changed = changes(version.data?.document, next.data?.document);
  return (
    <div className="space-y-3" aria-label="Team block">
      {published && <p className="text-xs text-zinc-500">{published.description}</p>}
      <p className="text-xs">
        Version {pinned}
        {published?.deprecated && (
          <span className="ml-2 rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            deprecated
          </span>
        )}
      </p>
      {newer && (
        <div
          role="status"
          aria-label="Update available"
          className="space-y-2 rounded-md border border-violet-300 bg-violet-50 p-2 text-xs dark:border-violet-800 dark:bg-violet-950"
        >
          <p className="font-medium">Version {newer.version} is published.</p>
          <ul aria-label="Changes" className="max-h-40 overflow-auto font-mono break-all">
            {changed.slice(0, SHOWN_CHANGES).map((line) => (
              <li key={line}>{line}</li>
            ))}
            {changed.length > SHOWN_CHANGES && <li>and {changed.length - SHOWN_CHANGES} more</li>}
          </ul>
          {!readOnly && (
            <Button
              type="button"
              variant="secondary"
              onClick={() => onChange({ ...config, ...blockConfig(newer, values) })}
            >
              Update to version {newer.version}
            </Button>
          )}
        </div>
      )}
      {parameters.map((parameter) => (
        <div key={`${nodeId}-${parameter.name}`} className="space-y-1">
          <label
            htmlFor={`${nodeId}-param-${parameter.name}`}
            className="block text-xs font-medium"
          >
            {parameter.name}
            {parameter.required && <span className="text-red-600"> *</span>}
            <span className="ml-1 text-zinc-500">{parameter.type}</span>
          </label>
          <TemplateInput
            common={{ id: `${nodeId}-param-${parameter.name}`, disabled: readOnly }}
            placeholder={parameter.default === undefined ? "" : textOf(parameter.default)}
            value={textOf(values[parameter.name])}
            complete={(before) => completeTemplate(completion, before)}
            onChange={(text) =>
              onChange({
                ...config,
                parameters: { ...values, [parameter.name]: valueOf(parameter, text) },
              })
            }
          />
          {parameter.description && (
            <p className="text-xs text-zinc-500">{parameter.description}</p>
          )}
        </div>
      ))}
    </div>
  );
}
