"use client";

import { useState } from "react";
import { Button } from "../ui/button";
import { Modal } from "../ui/modal";

/**
 * The flow changed since this run: re-run from its failure on the latest version (the default,
 * where a fix lives) or on the version it ran.
 */
export function RerunChoice({
  ran,
  latest,
  pending,
  onChoose,
  onClose,
}: {
  ran: number;
  latest: number;
  pending: boolean;
  onChoose(version: number): void;
  onClose(): void;
}) {
  const [version, setVersion] = useState(latest);
  return (
    <Modal label="Re-run from failure" onClose={onClose}>
      <form
        className="space-y-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          onChoose(version);
        }}
      >
        <h2 className="font-semibold">Re-run from failure</h2>
        <p>
          This run used version {ran}; the flow is at version {latest} now. Nodes that completed are
          reused unless the version you pick changed them.
        </p>
        <fieldset className="space-y-1">
          <legend className="sr-only">Version to run</legend>
          {[
            [latest, `Version ${latest}, the latest`],
            [ran, `Version ${ran}, as this run ran`],
          ].map(([number, label]) => (
            <label key={number} className="flex items-center gap-2">
              <input
                type="radio"
                name="version"
                checked={version === number}
                onChange={() => setVersion(number as number)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            Re-run on version {version}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
