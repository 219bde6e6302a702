"use client";

import { PARAMETER_TYPES, type FlowParameter } from "@/lib/flow/document";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";
import { PublishBlock } from "./publish-block";
import { useEditor, useEditorStore, useReadOnly } from "./editor-context";
import { NotificationsPanel } from "./notifications-panel";
import { WebhooksPanel } from "./webhooks-panel";

const parseDefault = (type: FlowParameter["type"], text: string): unknown => {
  if (text === "") return undefined;
  if (type === "number") return Number.isNaN(Number(text)) ? text : Number(text);
  if (type === "boolean") return text === "true";
  if (type === "json") {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
};

const showDefault = (value: unknown) =>
  value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/** With no node selected: the flow's description and its run parameters. */
export function FlowSettings() {
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const meta = useEditor((state) => state.meta);
  const checkpoint = () => store.getState().checkpoint();
  const setParameters = (parameters: FlowParameter[]) => store.getState().setMeta({ parameters });
  const change = (index: number, patch: Partial<FlowParameter>) =>
    setParameters(
      meta.parameters.map((parameter, i) => (i === index ? { ...parameter, ...patch } : parameter)),
    );

  return (
    <div className="space-y-4 p-4 text-sm" role="group" aria-label="Flow settings">
      <p className="text-xs text-zinc-500">Select a block to configure it. Flow settings:</p>
      <div className="space-y-1">
        <label htmlFor="flow-description" className="block text-xs font-medium">
          Description
        </label>
        <textarea
          id="flow-description"
          rows={2}
          className={inputClass}
          value={meta.description}
          disabled={readOnly}
          onFocus={checkpoint}
          onChange={(e) => store.getState().setMeta({ description: e.target.value })}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="flow-give-up" className="block text-xs font-medium">
          Give up after (minutes)
        </label>
        <input
          id="flow-give-up"
          type="number"
          min={1}
          step={1}
          placeholder="No limit"
          aria-describedby="flow-give-up-hint"
          className={inputClass}
          value={meta.giveUpAfterSeconds === undefined ? "" : meta.giveUpAfterSeconds / 60}
          disabled={readOnly}
          onFocus={checkpoint}
          onChange={(e) =>
            store.getState().setMeta({
              giveUpAfterSeconds:
                e.target.value === "" ? undefined : Math.round(Number(e.target.value) * 60),
            })
          }
        />
        <p id="flow-give-up-hint" className="text-xs text-zinc-500">
          A run still going this long after it was started fails, and its running blocks stop.
        </p>
      </div>
      <fieldset id="flow-parameters" className="space-y-3">
        <legend className="text-xs font-semibold text-zinc-500 uppercase">Parameters</legend>
        {meta.parameters.length === 0 && (
          <p className="text-xs text-zinc-500">
            No parameters. Runs can pass values as params.&lt;name&gt;.
          </p>
        )}
        {meta.parameters.map((parameter, index) => (
          <div
            key={index}
            className="space-y-1 rounded border border-zinc-200 p-2 dark:border-zinc-800"
            aria-label={`Parameter ${index + 1}`}
            role="group"
          >
            <input
              aria-label={`Parameter ${index + 1} name`}
              className={inputClass}
              value={parameter.name}
              disabled={readOnly}
              onFocus={checkpoint}
              onChange={(e) => change(index, { name: e.target.value })}
            />
            <div className="flex gap-1">
              <select
                aria-label={`Parameter ${index + 1} type`}
                className={inputClass}
                value={parameter.type}
                disabled={readOnly}
                onFocus={checkpoint}
                onChange={(e) => change(index, { type: e.target.value as FlowParameter["type"] })}
              >
                {PARAMETER_TYPES.map((type) => (
                  <option key={type}>{type}</option>
                ))}
              </select>
              <label className="flex items-center gap-1 text-xs">
                <input
                  type="checkbox"
                  checked={parameter.required}
                  disabled={readOnly}
                  onFocus={checkpoint}
                  onChange={(e) => change(index, { required: e.target.checked })}
                />
                Required
              </label>
            </div>
            <input
              aria-label={`Parameter ${index + 1} default`}
              placeholder="Default"
              className={inputClass}
              value={showDefault(parameter.default)}
              disabled={readOnly}
              onFocus={checkpoint}
              onChange={(e) =>
                change(index, { default: parseDefault(parameter.type, e.target.value) })
              }
            />
            {!readOnly && (
              <Button
                variant="ghost"
                aria-label={`Remove parameter ${index + 1}`}
                onClick={() => {
                  checkpoint();
                  setParameters(meta.parameters.filter((_, i) => i !== index));
                }}
              >
                Remove
              </Button>
            )}
          </div>
        ))}
        {!readOnly && (
          <Button
            variant="secondary"
            onClick={() => {
              checkpoint();
              setParameters([
                ...meta.parameters,
                {
                  name: `param${meta.parameters.length + 1}`,
                  type: "string",
                  required: false,
                  description: "",
                },
              ]);
            }}
          >
            Add parameter
          </Button>
        )}
      </fieldset>
      {!readOnly && <WebhooksPanel />}
      {!readOnly && <NotificationsPanel />}
      <PublishBlock />
    </div>
  );
}
