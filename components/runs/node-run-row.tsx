"use client";

import { Button } from "../ui/button";
import { duration, StatusBadge } from "./status-badge";

interface NodeRun {
  nodeId: string;
  status: string;
  attempts: number;
  input: unknown;
  output: unknown;
  error: unknown;
  attemptErrors: unknown;
  logs: unknown;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
}

const Json = ({ label, value }: { label: string; value: unknown }) => (
  <div>
    <h3 className="text-xs font-medium uppercase text-zinc-500">{label}</h3>
    <pre
      aria-label={label}
      className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  </div>
);

/** A node of a run: badge, attempts and time; expands to input, output, error and logs. */
export function NodeRunRow({
  node,
  meta,
  onDecide,
}: {
  node: NodeRun;
  meta?: { name: string; block: string };
  onDecide?(approved: boolean): void;
}) {
  const logs = (node.logs as { level: string; message: string; time: string }[]) ?? [];
  const errors = (node.attemptErrors as { message: string; attempt: number }[]) ?? [];
  const error = node.error as { message?: string; stack?: string } | null;
  return (
    <li data-node-id={node.nodeId} data-status={node.status} className="px-3 py-2">
      <details>
        <summary className="flex cursor-pointer items-center gap-3">
          <span className="font-medium">{meta?.name ?? node.nodeId}</span>
          <span className="text-xs text-zinc-500">{meta?.block}</span>
          <StatusBadge
            status={node.status}
            detail={node.attempts > 1 ? `attempt ${node.attempts}` : undefined}
          />
          <span className="ml-auto text-xs text-zinc-500">
            {duration(node.startedAt, node.finishedAt)}
          </span>
        </summary>
        <div className="mt-2 grid gap-2 md:grid-cols-2">
          {node.input !== null && <Json label={`Input of ${node.nodeId}`} value={node.input} />}
          {node.output !== null && <Json label={`Output of ${node.nodeId}`} value={node.output} />}
          {error?.message && (
            <div className="md:col-span-2">
              <h3 className="text-xs font-medium uppercase text-zinc-500">Error</h3>
              <p role="note" className="text-sm text-red-700 dark:text-red-300">
                {error.message}
              </p>
              {error.stack && (
                <pre className="mt-1 max-h-40 overflow-auto text-xs text-zinc-500">
                  {error.stack}
                </pre>
              )}
            </div>
          )}
          {errors.length > 1 && (
            <ol aria-label={`Attempts of ${node.nodeId}`} className="text-xs md:col-span-2">
              {errors.map((attempt) => (
                <li key={attempt.attempt}>
                  Attempt {attempt.attempt}: {attempt.message}
                </li>
              ))}
            </ol>
          )}
          {logs.length > 0 && (
            <ol aria-label={`Logs of ${node.nodeId}`} className="font-mono text-xs md:col-span-2">
              {logs.map((line, index) => (
                <li key={index} data-level={line.level}>
                  <span className="text-zinc-500">{new Date(line.time).toLocaleTimeString()}</span>{" "}
                  <span
                    className={
                      line.level === "error"
                        ? "text-red-600"
                        : line.level === "warn"
                          ? "text-amber-600"
                          : ""
                    }
                  >
                    {line.level}
                  </span>{" "}
                  {line.message}
                </li>
              ))}
            </ol>
          )}
        </div>
      </details>
      {onDecide && (
        <div className="mt-2 flex gap-2">
          <Button onClick={() => onDecide(true)}>Approve</Button>
          <Button variant="secondary" onClick={() => onDecide(false)}>
            Reject
          </Button>
        </div>
      )}
    </li>
  );
}
