"use client";

import { useState } from "react";
import { childPath } from "@/lib/expressions/path";

const SHOWN_ENTRIES = 100;
interface EntryProps {
  name?: string | number;
  value: unknown;
  path: string;
  depth: number;
  onCopyPath(path: string): void;
}

function Entry({ name, value, path, depth, onCopyPath }: EntryProps) {
  const key = name !== undefined && (
    <>
      <button
        type="button"
        title="Copy path"
        aria-label={`Copy path ${path}`}
        onClick={() => onCopyPath(path)}
        className="text-indigo-700 hover:underline dark:text-indigo-300"
      >
        {name}
      </button>
      {": "}
    </>
  );
  if (value === null || typeof value !== "object") {
    const tone =
      typeof value === "string"
        ? "text-emerald-700 dark:text-emerald-300"
        : typeof value === "number"
          ? "text-sky-700 dark:text-sky-300"
          : "text-amber-700 dark:text-amber-300";
    return (
      <span>
        {key}
        <span className={tone}>{JSON.stringify(value)}</span>
      </span>
    );
  }
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return (
    <details open={depth < 2}>
      <summary className="cursor-pointer">
        {key}
        <span className="text-zinc-500">
          {Array.isArray(value) ? `[${entries.length} items]` : `{${entries.length} keys}`}
        </span>
      </summary>
      <ul className="ml-4 border-l border-zinc-200 pl-2 dark:border-zinc-800">
        {entries.slice(0, SHOWN_ENTRIES).map(([child, item]) => (
          <li key={child}>
            <Entry
              name={child}
              value={item}
              path={childPath(path, child)}
              depth={depth + 1}
              onCopyPath={onCopyPath}
            />
          </li>
        ))}
        {entries.length > SHOWN_ENTRIES && (
          <li className="text-zinc-500">… {entries.length - SHOWN_ENTRIES} more</li>
        )}
      </ul>
    </details>
  );
}

/**
 * A value as a collapsible tree. "Copy value" copies it as JSON; clicking a key copies its path
 * (rooted at `path`, e.g. `nodes.fetch.output`), ready to paste into an expression.
 */
export function JsonViewer({
  label,
  value,
  path,
}: {
  label: string;
  value: unknown;
  path: string;
}) {
  const [copied, setCopied] = useState("");
  const copy = (text: string, what: string) =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(`Copied ${what}`),
      () => setCopied("Copying is not allowed here"),
    );
  return (
    <section>
      <div className="flex items-center gap-2">
        <h3 className="text-xs font-medium text-zinc-500 uppercase">{label}</h3>
        <button
          type="button"
          className="text-xs text-indigo-600 hover:underline"
          onClick={() => copy(JSON.stringify(value, null, 2), "value")}
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          Copy value
        </button>
        <span role="status" className="text-xs text-zinc-500">
          {copied}
        </span>
      </div>
      <div
        aria-label={label}
        className="max-h-72 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900"
      >
        <Entry value={value} path={path} depth={0} onCopyPath={(p) => copy(p, p)} />
      </div>
    </section>
  );
}
