"use client";

import { Button } from "../ui/button";

/** A warning that needs a decision: confirm (e.g. "Save anyway") or cancel. */
export function ConfirmBanner({
  message,
  confirm,
  onConfirm,
  onCancel,
}: {
  message: string;
  confirm: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <div
      role="alertdialog"
      aria-label="Confirm"
      className="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm dark:bg-amber-950"
    >
      <span className="min-w-0 flex-1">{message}</span>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button variant="danger" onClick={onConfirm}>
        {confirm}
      </Button>
    </div>
  );
}
