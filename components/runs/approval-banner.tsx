"use client";

import { Button } from "../ui/button";

/** An approval node waiting for a decision; the buttons only for those who may decide. */
export function ApprovalBanner({
  name,
  deciding,
  onDecide,
}: {
  name: string;
  deciding: boolean;
  onDecide?(approved: boolean): void;
}) {
  return (
    <div
      role="group"
      aria-label={`Approval of ${name}`}
      className="flex items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:bg-amber-950"
    >
      <span>
        <strong>{name}</strong> is waiting for approval.
      </span>
      {onDecide && (
        <span className="ml-auto flex gap-2">
          <Button disabled={deciding} onClick={() => onDecide(true)}>
            Approve
          </Button>
          <Button variant="secondary" disabled={deciding} onClick={() => onDecide(false)}>
            Reject
          </Button>
        </span>
      )}
    </div>
  );
}
