"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldError, formError } from "@/lib/api-errors";
import {
  CONNECTION_TYPE_IDS,
  CONNECTION_TYPES,
  fieldShown,
  type ConnectionField,
  type ConnectionTypeId,
} from "@/lib/connections/types";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";

/** What the form edits: a new connection, or a saved one (its secrets stay unless retyped). */
export interface Editing {
  id?: string;
  type: ConnectionTypeId;
  name: string;
  settings: Record<string, unknown>;
  secretsSet: string[];
}

const fieldsOf = (type: ConnectionTypeId) =>
  CONNECTION_TYPES[type].fields as readonly ConnectionField[];

/** The message of a field's error without its path ("values.port: Port must…" → "Port must…"). */
const errorOf = (error: unknown, key: string) => fieldError(error, key)?.replace(/^[\w.]+: /, "");

function FieldInput({
  field,
  value,
  saved,
  error,
  onChange,
}: {
  field: ConnectionField;
  value: unknown;
  saved: boolean;
  error?: string;
  onChange(value: unknown): void;
}) {
  const label = `${field.label}${field.required ? " *" : ""}`;
  switch (field.kind) {
    case "select":
      return (
        <SelectField
          label={label}
          hint={field.help}
          error={error}
          value={String(value ?? field.options[0])}
          onChange={(e) => onChange(e.target.value)}
        >
          {field.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </SelectField>
      );
    case "switch":
      return (
        <label className="flex items-center gap-2 pt-6 text-sm">
          <input
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          {field.label}
          {field.help && <span className="text-xs text-zinc-500">({field.help})</span>}
        </label>
      );
    case "number":
      return (
        <TextField
          label={label}
          inputMode="numeric"
          hint={field.help}
          error={error}
          placeholder={field.placeholder}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => {
            const text = e.target.value.trim();
            onChange(text === "" ? undefined : /^\d+$/.test(text) ? Number(text) : text);
          }}
        />
      );
    default:
      return (
        <TextField
          label={label}
          type={field.kind === "secret" ? "password" : "text"}
          autoComplete={field.kind === "secret" ? "new-password" : "off"}
          hint={field.help}
          error={error}
          placeholder={
            field.kind === "secret" && saved ? "Saved: type to replace it" : field.placeholder
          }
          value={String(value ?? "")}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/**
 * A connection's form, generated from its type: Test connection connects with what is typed
 * (saving nothing); Save creates or updates it. Secrets are write-only: a saved one shows as
 * "Saved", and stays unless something is typed over it.
 */
export function ConnectionForm({
  editing,
  onDone,
}: {
  editing: Editing;
  onDone(name: string): void;
}) {
  const trpc = useTRPC();
  const [type, setType] = useState<ConnectionTypeId>(editing.type);
  const [name, setName] = useState(editing.name);
  const [values, setValues] = useState<Record<string, unknown>>({
    ...CONNECTION_TYPES[editing.type].defaults,
    ...editing.settings,
  });
  const create = useMutation(trpc.connection.create.mutationOptions());
  const update = useMutation(trpc.connection.update.mutationOptions());
  const test = useMutation(trpc.connection.test.mutationOptions());
  const save = editing.id ? update : create;
  const shown = fieldsOf(type).filter((field) => fieldShown(field, values));
  const sent = () =>
    Object.fromEntries(
      shown.filter((f) => values[f.key] !== undefined).map((f) => [f.key, values[f.key]]),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const done = { onSuccess: () => onDone(name) };
    if (editing.id) update.mutate({ connectionId: editing.id, name, values: sent() }, done);
    else create.mutate({ type, name, values: sent() }, done);
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={editing.id ? `Edit ${editing.name}` : "New connection"}
      className="space-y-4"
    >
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label="Type"
          value={type}
          disabled={Boolean(editing.id)}
          onChange={(e) => {
            const next = e.target.value as ConnectionTypeId;
            setType(next);
            setValues({ ...CONNECTION_TYPES[next].defaults });
            test.reset();
          }}
        >
          {CONNECTION_TYPE_IDS.map((id) => (
            <option key={id} value={id}>
              {CONNECTION_TYPES[id].label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Name *"
          value={name}
          autoComplete="off"
          error={errorOf(save.error, "name")}
          onChange={(e) => setName(e.target.value)}
        />
        {shown.map((field) => (
          <FieldInput
            key={field.key}
            field={field}
            value={values[field.key]}
            saved={editing.secretsSet.includes(field.key)}
            error={
              errorOf(save.error, `values.${field.key}`) ??
              errorOf(test.error, `values.${field.key}`)
            }
            onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
          />
        ))}
      </div>
      <p className="text-xs text-zinc-500">{CONNECTION_TYPES[type].description}</p>
      {formError(save.error) && <Alert tone="error">{formError(save.error)}</Alert>}
      {test.data && (
        <div role="status" aria-label="Connection test">
          <Alert tone={test.data.ok ? "success" : "error"}>
            {test.data.ok ? "Connected. " : "Could not connect: "}
            {test.data.message}
          </Alert>
        </div>
      )}
      {formError(test.error) && <Alert tone="error">{formError(test.error)}</Alert>}
      <div className="flex gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={test.isPending}
          onClick={() => test.mutate({ type, values: sent(), connectionId: editing.id })}
        >
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {editing.id ? "Save changes" : "Create connection"}
        </Button>
      </div>
    </form>
  );
}
