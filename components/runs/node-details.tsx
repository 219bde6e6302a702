"use client";

import Link from "next/link";
import { Button } from "../ui/button";
import { JsonViewer } from "./json-viewer";
import { attemptDetail, Elapsed, StatusBadge } from "./status-badge";
import { CodeExcerpt } from "./code-excerpt";

/** A node as the run page keeps it live: badge, timeline row and log lines. */
export interface NodeSummary {
  nodeId: string;
  status: string;
  attempts: number;
  logs: unknown;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
}

/** A node with what it took in and gave out, fetched when it is opened. */
export interface NodeRun extends NodeSummary {
  input: unknown;
  output: unknown;
  error: unknown;
  attemptErrors: unknown;
  /** A subflow's or team block's runs of the other flow. */
  childRuns?: { id: string; status: string }[];
}

export interface LogLine {
  level: string;
  message: string;
  time: string;
}

export const LOG_TONES: Record<string, string> = {
  error: "text-red-600",
  warn: "text-amber-600",
};

interface Props {
  node: NodeRun;
  name: string;
  block: string;
  maxAttempts: number;
  onDecide?(approved: boolean): void;
  /** Runs the node on the latest version, alone or with everything downstream ("from here"). */
  onRunAlone?(downstream: boolean): void;
  /** A code node's source, to show where its error happened. */
  code?: string;
}

/** Everything about one node of a run: state, input, output, error, attempts and logs. */
export function NodeDetails({ node, name, block, maxAttempts, onDecide, onRunAlone, code }: Props) {
  const logs = (node.logs as LogLine[] | null) ?? [];
  const attempts =
    (node.attemptErrors as { message: string; attempt: number; stack?: string }[]) ?? [];
  const error = node.error as { message?: string; stack?: string } | null;
  return (
    <section aria-label={`Node ${name}`} data-details-node={node.nodeId} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">{name}</h2>
        <span className="text-xs text-zinc-500">{block}</span>
        <StatusBadge status={node.status} detail={attemptDetail(node, maxAttempts)} />
        <span className="text-xs text-zinc-500">
          <Elapsed from={node.startedAt} to={node.finishedAt} />
        </span>
      </div>
      {(onDecide || onRunAlone) && (
        <div className="flex flex-wrap gap-2">
          {onDecide && (
            <>
              <Button onClick={() => onDecide(true)}>Approve</Button>
              <Button variant="secondary" onClick={() => onDecide(false)}>
                Reject
              </Button>
            </>
          )}
          {onRunAlone && (
            <>
              <Button variant="secondary" onClick={() => onRunAlone(true)}>
                Run from here
              </Button>
              <Button variant="secondary" onClick={() => onRunAlone(false)}>
                Run this node alone
              </Button>
            </>
          )}
        </div>
      )}
      {error?.message && (
        <div>
          <h3 className="text-xs font-medium text-zinc-500 uppercase">Error</h3>
          <p role="note" className="text-sm text-red-700 dark:text-red-300">
            {error.message}
          </p>
          {error.stack && code && <CodeExcerpt code={code} frame={error.stack} />}
          {error.stack && (
            <pre className="mt-1 max-h-40 overflow-auto text-xs text-zinc-500">{error.stack}</pre>
          )}
        </div>
      )}
      {node.childRuns && node.childRuns.length > 0 && (
        <nav aria-label="Child runs" className="text-sm">
          <h3 className="text-xs font-medium text-zinc-500 uppercase">Child runs</h3>
          <ul>
            {node.childRuns.map((child) => (
              <li key={child.id}>
                <Link className="text-indigo-600" href={`/runs/${child.id}`}>
                  {child.id}
                </Link>{" "}
                <span className="text-xs text-zinc-500">{child.status.toLowerCase()}</span>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {node.input !== null && <JsonViewer label="Input" value={node.input} path="input" />}
      {node.output !== null && (
        <JsonViewer label="Output" value={node.output} path={`nodes.${node.nodeId}.output`} />
      )}
      {attempts.length > 0 && (
        <div>
          <h3 className="text-xs font-medium text-zinc-500 uppercase">Attempts</h3>
          <ol aria-label={`Attempts of ${node.nodeId}`} className="space-y-1 text-xs">
            {attempts.map((attempt) => (
              <li key={attempt.attempt}>
                <details>
                  <summary>
                    Attempt {attempt.attempt}:{" "}
                    <span className="text-red-600">{attempt.message}</span>
                  </summary>
                  {attempt.stack && (
                    <pre className="max-h-32 overflow-auto text-zinc-500">{attempt.stack}</pre>
                  )}
                </details>
              </li>
            ))}
          </ol>
        </div>
      )}
      {logs.length > 0 && (
        <div>
          <h3 className="text-xs font-medium text-zinc-500 uppercase">Logs</h3>
          <ol aria-label={`Logs of ${node.nodeId}`} className="font-mono text-xs">
            {logs.map((line, index) => (
              <li key={index} data-level={line.level}>
                <span className="text-zinc-500">{new Date(line.time).toLocaleTimeString()}</span>{" "}
                <span className={LOG_TONES[line.level] ?? ""}>{line.level}</span> {line.message}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
