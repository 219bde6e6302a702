"use client";

import { blockById } from "@/lib/blocks/catalog";
import { inputClass, TextField } from "../ui/field";
import { ConfigField } from "./config-field";
import { useEditor, useEditorStore, useReadOnly } from "./editor-context";
import { FlowSettings } from "./flow-settings";
import { NodeIdField } from "./node-id-field";
import { NodeTestPanel } from "./node-test-panel";
import { TeamBlockSettings } from "./team-blocks";
import { useProblems } from "./use-problems";

/** The selected node's name, block config form and run settings; in a flow's editor, its testing. */
export function Inspector({ flowId }: { flowId?: string }) {
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const node = useEditor((state) =>
    state.nodes.find((candidate) => candidate.id === state.selectedId),
  );
  const problems = useProblems();
  if (!node) return <FlowSettings />;
  if (node.type === "note") {
    return (
      <div className="p-4">
        <label htmlFor="note-text" className="block text-xs font-medium">
          Note text
        </label>
        <textarea
          id="note-text"
          rows={6}
          className={inputClass}
          value={node.data.text}
          disabled={readOnly}
          onFocus={() => store.getState().checkpoint()}
          onChange={(e) => store.getState().setNoteText(node.id, e.target.value)}
        />
      </div>
    );
  }
  const block = blockById(node.data.block);
  const checkpoint = () => store.getState().checkpoint();
  const update = (patch: Parameters<ReturnType<typeof store.getState>["updateNode"]>[1]) =>
    store.getState().updateNode(node.id, patch);
  const fieldProblem = (key: string) =>
    problems.find((p) => p.nodeId === node.id && p.path?.endsWith(`.config.${key}`))?.message;
  const number = (value: string) => (value.trim() === "" ? undefined : Number(value));

  return (
    <>
      <form
        aria-label={`Settings of ${node.data.name}`}
        className="space-y-4 p-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <div>
          <p className="text-xs text-zinc-500 uppercase">{block?.label ?? node.data.block}</p>
          <NodeIdField id={node.id} />
        </div>
        <TextField
          label="Name"
          value={node.data.name}
          disabled={readOnly}
          onFocus={checkpoint}
          onChange={(e) => update({ name: e.target.value })}
        />
        {node.data.block === "flow.block" ? (
          <TeamBlockSettings
            nodeId={node.id}
            config={node.data.config}
            onChange={(config) => {
              checkpoint();
              update({ config });
            }}
          />
        ) : (
          block?.fields.map((field) => (
            <ConfigField
              key={`${node.id}-${field.key}`}
              nodeId={node.id}
              field={field}
              value={node.data.config[field.key]}
              problem={fieldProblem(field.key)}
              readOnly={readOnly}
              onFocus={checkpoint}
              onChange={(value) => update({ config: { ...node.data.config, [field.key]: value } })}
            />
          ))
        )}
        <fieldset className="space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <legend className="text-xs font-semibold text-zinc-500 uppercase">Run settings</legend>
          <TextField
            label="Retries"
            type="number"
            min={0}
            max={20}
            value={node.data.retries}
            disabled={readOnly}
            onFocus={checkpoint}
            onChange={(e) => update({ retries: number(e.target.value) ?? 0 })}
          />
          <TextField
            label="Retry delay (seconds)"
            type="number"
            min={0}
            value={node.data.retryDelaySeconds}
            disabled={readOnly}
            onFocus={checkpoint}
            onChange={(e) => update({ retryDelaySeconds: number(e.target.value) ?? 0 })}
          />
          <TextField
            label="Timeout (seconds)"
            type="number"
            min={1}
            value={node.data.timeoutSeconds ?? ""}
            disabled={readOnly}
            onFocus={checkpoint}
            onChange={(e) => update({ timeoutSeconds: number(e.target.value) })}
          />
          <TextField
            label="Cache key (expression; empty = no cache)"
            value={node.data.cache?.key ?? ""}
            disabled={readOnly}
            onFocus={checkpoint}
            onChange={(e) =>
              update({
                cache: e.target.value
                  ? { key: e.target.value, ttlSeconds: node.data.cache?.ttlSeconds ?? 3600 }
                  : undefined,
              })
            }
          />
          {node.data.cache && (
            <TextField
              label="Cache lifetime (seconds)"
              type="number"
              min={1}
              value={node.data.cache.ttlSeconds}
              disabled={readOnly}
              onFocus={checkpoint}
              onChange={(e) =>
                update({
                  cache: { key: node.data.cache!.key, ttlSeconds: number(e.target.value) ?? 1 },
                })
              }
            />
          )}
        </fieldset>
      </form>
      {flowId && <NodeTestPanel node={{ id: node.id, ...node.data }} />}
    </>
  );
}
