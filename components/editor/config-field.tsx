"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useId, useState } from "react";
import type { FieldSpec } from "@/lib/blocks/fields";
import { CONNECTION_TYPES, type ConnectionTypeId } from "@/lib/connections/types";
import { useTRPC } from "../trpc/client";
import { inputClass } from "../ui/field";
import { completePath, completeTemplate } from "@/lib/expressions/completions";
import { ExpressionPreview, previewable } from "./expression-preview";
import { TemplateInput } from "./template-input";
import { useTestError } from "./test-run";
import { useIsTypeScript, useTypeService } from "./use-code-types";
import { useSample } from "./use-sample";
import { ReferencePicker } from "./reference-picker";

interface Props {
  nodeId: string;
  field: FieldSpec;
  value: unknown;
  problem?: string;
  readOnly: boolean;
  onChange(value: unknown): void;
  onFocus(): void;
}

/** One input of a block's config form, chosen by the field's kind. */
export function ConfigField({ nodeId, field, value, problem, readOnly, onChange, onFocus }: Props) {
  const id = useId();
  const common = {
    id,
    onFocus,
    disabled: readOnly,
    "aria-invalid": problem ? true : undefined,
    "aria-describedby": problem ? `${id}-problem` : undefined,
  };
  return (
    <div className="space-y-1">
      <label id={`${id}-label`} htmlFor={id} className="block text-xs font-medium">
        {field.label}
        {field.required && <span className="text-red-600"> *</span>}
      </label>
      {field.kind === "code" ? (
        <CodeField
          nodeId={nodeId}
          field={field}
          value={String(value ?? "")}
          onChange={onChange}
          common={common}
        />
      ) : field.kind === "text" ? (
        <TextInput
          nodeId={nodeId}
          field={field}
          value={String(value ?? "")}
          onChange={onChange}
          common={common}
        />
      ) : (
        <Input field={field} value={value} onChange={onChange} common={common} />
      )}
      {typeof value === "string" && previewable(field, value) && (
        <FieldPreview nodeId={nodeId} field={field} text={value} />
      )}
      {!readOnly &&
        (field.kind === "text" || (field.kind === "code" && field.language !== "sql")) && (
          <ReferencePicker
            nodeId={nodeId}
            label={field.label}
            bare={field.kind === "code"}
            onInsert={(reference) => {
              onFocus();
              onChange(`${typeof value === "string" ? value : ""}${reference}`);
            }}
          />
        )}
      {problem && (
        <p id={`${id}-problem`} className="text-xs text-red-600">
          {problem}
        </p>
      )}
    </div>
  );
}

type Common = {
  id: string;
  onFocus(): void;
  disabled: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

/**
 * CodeMirror and its language parsers (a third of the editor's script) load with the first code
 * field, or when the browser is idle after the editor opened (`preloadCodeInput`), not with the
 * canvas: opening a flow does not wait for them. Until then the field is an empty box of its size.
 */
const loadCodeInput = () => import("./code-input").then((module) => module.CodeInput);
const CodeInput = dynamic(loadCodeInput, {
  ssr: false,
  loading: () => (
    <div className="min-h-32 rounded-md border border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-950" />
  ),
});
export function preloadCodeInput() {
  void loadCodeInput();
}

/** What a field input that completes from sample data takes. */
interface FieldInput<Kind extends FieldSpec["kind"]> {
  nodeId: string;
  field: Extract<FieldSpec, { kind: Kind }>;
  value: string;
  onChange(v: unknown): void;
  common: Common;
}

/** A code field: completion from sample data, the shown test's error marked in the code. */
function CodeField({ nodeId, field, value, onChange, common }: FieldInput<"code">) {
  const { completion } = useSample(nodeId);
  const error = useTestError(nodeId, value);
  // A code node's own setting picks TypeScript; the field is re-made when it changes.
  const typescript = useIsTypeScript(nodeId) && field.language === "javascript";
  const types = useTypeService(nodeId, typescript);
  const language = typescript ? "typescript" : field.language;
  return (
    <CodeInput
      key={language}
      labelId={`${common.id}-label`}
      language={language}
      value={value}
      disabled={common.disabled}
      invalid={common["aria-invalid"]}
      describedBy={common["aria-describedby"]}
      onFocus={common.onFocus}
      onChange={onChange}
      complete={field.language === "sql" ? undefined : (before) => completePath(completion, before)}
      error={field.language === "javascript" ? error : null}
      types={types}
    />
  );
}

/** A text field: `{{` completes references from sample data. */
function TextInput({ nodeId, field, value, onChange, common }: FieldInput<"text">) {
  const { completion } = useSample(nodeId);
  return (
    <TemplateInput
      multiline={field.multiline}
      placeholder={field.placeholder}
      value={value}
      onChange={onChange}
      common={common}
      complete={(before) => completeTemplate(completion, before)}
    />
  );
}

function FieldPreview({ nodeId, field, text }: { nodeId: string; field: FieldSpec; text: string }) {
  const { preview } = useSample(nodeId);
  return <ExpressionPreview field={field} text={text} scope={preview} nodeId={nodeId} />;
}

function Input({
  field,
  value,
  onChange,
  common,
}: {
  field: FieldSpec;
  value: unknown;
  onChange(v: unknown): void;
  common: Common;
}) {
  switch (field.kind) {
    case "select":
      return (
        <select
          {...common}
          className={inputClass}
          value={String(value ?? "")}
          onChange={(e) => onChange(e.target.value)}
        >
          {field.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      );
    case "switch":
      return (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case "number":
      return (
        <input
          {...common}
          className={inputClass}
          inputMode="decimal"
          value={value === undefined ? "" : String(value)}
          onChange={(e) =>
            onChange(
              e.target.value.trim() !== "" && !Number.isNaN(Number(e.target.value))
                ? Number(e.target.value)
                : e.target.value,
            )
          }
        />
      );
    case "json":
      return <JsonInput value={value} onChange={onChange} common={common} />;
    case "secret":
      return <SecretSelect value={value} onChange={onChange} common={common} />;
    case "flow":
      return <FlowSelect value={value} onChange={onChange} common={common} />;
    case "connection":
      return (
        <ConnectionSelect
          type={field.connectionType}
          value={value}
          onChange={onChange}
          common={common}
        />
      );
    case "keyvalue":
      return (
        <KeyValueInput value={value} onChange={onChange} common={common} label={field.label} />
      );
  }
}

function JsonInput({
  value,
  onChange,
  common,
}: {
  value: unknown;
  onChange(v: unknown): void;
  common: Common;
}) {
  const [text, setText] = useState(value === undefined ? "" : JSON.stringify(value, null, 2));
  const [error, setError] = useState<string>();
  return (
    <>
      <textarea
        {...common}
        rows={5}
        spellCheck={false}
        className={`${inputClass} font-mono text-xs`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(e.target.value.trim() ? JSON.parse(e.target.value) : undefined);
            setError(undefined);
          } catch (caught) {
            setError(`Not valid JSON: ${(caught as Error).message}`);
          }
        }}
      />
      {error && <p className="text-xs text-red-600">{error}</p>}
    </>
  );
}

function KeyValueInput({
  value,
  onChange,
  common,
  label,
}: {
  value: unknown;
  onChange(v: unknown): void;
  common: Common;
  label: string;
}) {
  const rows = Array.isArray(value) ? (value as { key: string; value: string }[]) : [];
  const set = (index: number, patch: Partial<{ key: string; value: string }>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-1" id={common.id}>
      {rows.map((row, index) => (
        <div key={index} className="flex gap-1">
          {(["key", "value"] as const).map((part) => (
            <input
              key={part}
              aria-label={`${label} ${index + 1} ${part === "key" ? "name" : "value"}`}
              onFocus={common.onFocus}
              disabled={common.disabled}
              className={inputClass}
              value={row[part]}
              onChange={(e) => set(index, { [part]: e.target.value })}
            />
          ))}
          <button
            type="button"
            aria-label={`Remove ${label} ${index + 1}`}
            disabled={common.disabled}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
            className="px-1 text-zinc-500"
          >
            ×
          </button>
        </div>
      ))}
      {!common.disabled && (
        <button
          type="button"
          className="text-xs text-indigo-600"
          onClick={() => {
            common.onFocus();
            onChange([...rows, { key: "", value: "" }]);
          }}
        >
          + Add {label.toLowerCase()}
        </button>
      )}
    </div>
  );
}

type SelectProps = { value: unknown; onChange(v: unknown): void; common: Common };

/** A select of named things loaded from the server, plus an empty choice. */
function NamedSelect({
  value,
  onChange,
  common,
  empty,
  options,
}: SelectProps & { empty: string; options: { value: string; label: string }[] }) {
  return (
    <select
      {...common}
      className={inputClass}
      value={String(value ?? "")}
      onChange={(e) => onChange(e.target.value || undefined)}
    >
      <option value="">{empty}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function SecretSelect(props: SelectProps) {
  const trpc = useTRPC();
  // Viewers may not list secret names; their form is read-only and shows the stored name.
  const secrets = useQuery({ ...trpc.secret.list.queryOptions(), enabled: !props.common.disabled });
  const names = new Set([
    ...(secrets.data?.map((secret) => secret.name) ?? []),
    ...(props.value ? [String(props.value)] : []),
  ]);
  const options = [...names].sort().map((name) => ({ value: name, label: name }));
  return <NamedSelect {...props} empty="No secret" options={options} />;
}

/** A team connection of one type, by name (viewers see names too). */
function ConnectionSelect({ type, ...props }: SelectProps & { type: ConnectionTypeId }) {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connection.list.queryOptions());
  const options =
    connections.data
      ?.filter((connection) => connection.type === type)
      .map((connection) => ({ value: connection.id, label: connection.name })) ?? [];
  return (
    <>
      <NamedSelect
        {...props}
        empty={`No ${CONNECTION_TYPES[type].label} connection`}
        options={options}
      />
      {!props.common.disabled && (
        <a href="/connections" target="_blank" className="text-xs text-indigo-600 hover:underline">
          Manage connections
        </a>
      )}
    </>
  );
}

/** Another flow of the team, by name (a subflow's target). */
function FlowSelect(props: SelectProps) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flow.list.queryOptions({}));
  const options = flows.data?.map((flow) => ({ value: flow.id, label: flow.name })) ?? [];
  return <NamedSelect {...props} empty="Choose a flow" options={options} />;
}
