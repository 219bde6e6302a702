"use client";

import type { FormEvent } from "react";
import type { FlowParameter } from "@/lib/flow/document";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Modal } from "../ui/modal";
import { ParameterFields, readParameters } from "../flows/parameter-fields";

/** Asks for a run's parameters (typed, with defaults) before starting it. */
export function ParametersDialog({
  label,
  title,
  submit,
  parameters,
  pending,
  error,
  onStart,
  onClose,
}: {
  /** The dialog's accessible name. */
  label: string;
  title: string;
  submit: string;
  parameters: readonly FlowParameter[];
  pending: boolean;
  error?: string;
  onStart(values: Record<string, unknown>): void;
  onClose(): void;
}) {
  const start = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onStart(readParameters(new FormData(event.currentTarget), parameters));
  };
  return (
    <Modal label={label} onClose={onClose}>
      <form onSubmit={start} className="space-y-3">
        <h2 className="font-semibold">{title}</h2>
        <ParameterFields parameters={parameters} />
        {error && <Alert tone="error">{error}</Alert>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {submit}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
