"use client";

import { useState } from "react";
import type { FlowNode } from "@/lib/flow/document";
import { JsonViewer } from "../runs/json-viewer";
import { NodeDetails } from "../runs/node-details";
import { useRunNode } from "../runs/use-live-run";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";
import { useReadOnly } from "./editor-context";
import { usePins, useTestRun } from "./test-run";

/** What `JSON.parse` makes of typed pin data, or why it cannot. */
function parsePin(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
}

/**
 * Below a node's settings: its pinned data (pin typed or pasted JSON, or the output of the test
 * shown; unpin) and what it did in that test (state, input, output, error, logs).
 */
export function NodeTestPanel({
  node,
}: {
  node: Pick<FlowNode, "id" | "name" | "block" | "retries" | "config">;
}) {
  const readOnly = useReadOnly();
  const { runId, run, start, starting, pin, unpin, pinError } = useTestRun();
  const pins = usePins();
  const pinned = pins.has(node.id);
  const summary = run?.nodes.find((candidate) => candidate.nodeId === node.id);
  const details = useRunNode(summary ? runId : null, node.id);
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | null>(null);
  const succeeded = summary?.status === "COMPLETED" || summary?.status === "CACHED";

  const pinTyped = () => {
    const parsed = parsePin(typed);
    setTypedError(parsed.ok ? null : parsed.message);
    if (parsed.ok) {
      pin(node.id, { output: parsed.value });
      setTyped("");
    }
  };
  return (
    <section
      aria-label="Testing"
      className="space-y-3 border-t border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 className="text-xs font-semibold text-zinc-500 uppercase">Testing</h2>
      {!readOnly && (
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            disabled={starting}
            onClick={() => start({ nodeId: node.id })}
          >
            Test this node
          </Button>
          <Button
            variant="secondary"
            disabled={starting}
            onClick={() => start({ nodeId: node.id, downstream: true })}
          >
            Test from here
          </Button>
        </div>
      )}
      {pinned ? (
        <div className="space-y-2" data-pinned-node={node.id}>
          <JsonViewer
            label="Pinned data"
            value={pins.get(node.id)}
            path={`nodes.${node.id}.output`}
          />
          <p className="text-xs text-zinc-500">
            Tests use this instead of running the node. Saved versions and real runs never see it.
          </p>
          {!readOnly && (
            <Button variant="secondary" onClick={() => unpin(node.id)}>
              Unpin
            </Button>
          )}
        </div>
      ) : (
        <p className="text-xs text-zinc-500">No pinned data: tests run this node.</p>
      )}
      {!readOnly && (
        <div className="space-y-1">
          <label htmlFor={`pin-${node.id}`} className="block text-xs font-medium">
            Pin data (JSON)
          </label>
          <textarea
            id={`pin-${node.id}`}
            rows={3}
            className={`${inputClass} font-mono text-xs`}
            placeholder='{ "body": { "items": [1, 2, 3] } }'
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
          <Button variant="secondary" disabled={!typed.trim()} onClick={pinTyped}>
            Pin data
          </Button>
        </div>
      )}
      {(typedError ?? pinError) && <Alert tone="error">{typedError ?? pinError}</Alert>}
      {summary && (
        <div className="space-y-2">
          {succeeded && !readOnly && runId && (
            <Button variant="secondary" onClick={() => pin(node.id, { fromRunId: runId })}>
              Pin this output
            </Button>
          )}
          <NodeDetails
            node={{
              input: undefined,
              output: undefined,
              error: null,
              attemptErrors: [],
              ...details.data,
              ...summary,
            }}
            name={`${node.name} in the test`}
            block={node.block}
            maxAttempts={node.retries + 1}
            code={node.block === "code.javascript" ? String(node.config.code ?? "") : undefined}
          />
        </div>
      )}
    </section>
  );
}
