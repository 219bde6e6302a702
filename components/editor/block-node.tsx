"use client";

import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo, type CSSProperties } from "react";
import { blockById } from "@/lib/blocks/catalog";
import { configSummary } from "@/lib/blocks/summary";
import type { CanvasNode } from "@/lib/flow/react-flow";
import { attemptDetail, Elapsed, StatusBadge } from "../runs/status-badge";
import { BlockIcon } from "./block-icon";
import { useTeamBlocks } from "./team-blocks";
import { useEditor } from "./editor-context";
import { useDiff } from "./use-diff";
import { useProblems } from "./use-problems";
import { useRunState } from "./run-state";
import { usePins } from "./test-run";

const RUN_RINGS: Record<string, string> = {
  RUNNING: "ring-2 ring-sky-500",
  RETRYING: "ring-2 ring-amber-500",
  COMPLETED: "ring-2 ring-emerald-500",
  CACHED: "ring-2 ring-teal-500",
  FAILED: "ring-2 ring-red-500",
  SKIPPED: "opacity-60",
  CANCELLED: "opacity-60",
};

const CATEGORY_COLOURS: Record<string, string> = {
  Integrations: "border-l-sky-500",
  Code: "border-l-violet-500",
  Logic: "border-l-amber-500",
  "Flow control": "border-l-emerald-500",
};
const ICON_COLOURS: Record<string, string> = {
  Integrations: "text-sky-600 dark:text-sky-400",
  Code: "text-violet-600 dark:text-violet-400",
  Logic: "text-amber-600 dark:text-amber-400",
  "Flow control": "text-emerald-600 dark:text-emerald-400",
};

/** A labelled output handle: a condition's true/false, any block's error route. */
function NamedOutput({
  handle,
  nodeName,
  position,
  style,
}: {
  handle: "true" | "false" | "error";
  nodeName: string;
  position: Position;
  style: CSSProperties;
}) {
  const colour = { true: "!bg-emerald-500", false: "!bg-red-500", error: "!bg-rose-600" }[handle];
  const label = { true: "True", false: "False", error: "Error" }[handle];
  return (
    <Handle
      id={handle}
      type="source"
      role="group"
      position={position}
      style={style}
      aria-label={`${label} output of ${nodeName}`}
      title={handle === "error" ? "Runs when this node fails" : `Runs when the result is ${handle}`}
      className={`${colour} weft-handle-${handle}`}
    >
      <span
        aria-hidden="true"
        className={`pointer-events-none absolute text-[9px] font-semibold ${handle === "error" ? "top-3 left-1/2 -translate-x-1/2 text-rose-600" : `left-3.5 -top-0.5 ${handle === "true" ? "text-emerald-600" : "text-red-600"}`}`}
      >
        {handle}
      </span>
    </Handle>
  );
}

/**
 * A node's outline, by the canvas's mode: on a run, its status (and the selection); comparing
 * versions, added or changed; editing, its problems, else the selection.
 */
function nodeTone(node: {
  run?: string;
  selected: boolean;
  change?: string;
  errors: number;
  warnings: number;
}): string {
  if (node.run)
    return `${RUN_RINGS[node.run] ?? ""} ${node.selected ? "outline-2 outline-offset-2 outline-indigo-500" : ""}`;
  if (node.change)
    return node.change === "added" ? "ring-4 ring-emerald-400" : "ring-4 ring-sky-400";
  if (node.errors) return "ring-2 ring-red-500";
  if (node.warnings) return "ring-2 ring-amber-400";
  return node.selected ? "ring-2 ring-indigo-500" : "";
}

/** Every block on the canvas renders through this one memoised component. */
export const BlockNode = memo(function BlockNode({
  id,
  data,
  selected,
}: NodeProps<Extract<CanvasNode, { type: "block" }>>) {
  const block = blockById(data.block);
  // A node the watched run has (a node added to the draft after a test has not run).
  const state = useRunState()?.[id];
  const pinned = usePins().has(id);
  // Problems of the draft show over a test's states too (a run page has none).
  const problems = useProblems().filter((problem) => problem.nodeId === id);
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const selectedId = useEditor((state) => state.selectedId);
  const change = useDiff()?.nodes[id];
  const summary = configSummary(data.block, data.config);
  const tone = nodeTone({
    run: state?.status,
    // On a run the canvas's own selection state is not shown, only the opened node.
    selected: state ? selectedId === id : selected || selectedId === id,
    change,
    errors,
    warnings: problems.length - errors,
  });
  return (
    <div
      data-node-id={id}
      data-problems={problems.length}
      data-diff={change}
      data-status={state?.status}
      data-pinned={pinned || undefined}
      aria-label={`${block?.label ?? `Unknown block ${data.block}`} node ${data.name}${pinned ? ", pinned data" : ""}${problems.length ? `, ${problems.length} problem${problems.length > 1 ? "s" : ""}` : ""}`}
      // A fixed width and line heights: its size is known before it is drawn (ESTIMATED_NODE).
      className={`w-44 rounded-md border border-l-4 border-zinc-300 bg-white px-3 py-2 text-left shadow-sm dark:border-zinc-700 dark:bg-zinc-900 ${CATEGORY_COLOURS[block?.category ?? ""] ?? "border-l-red-500"} ${tone}`}
    >
      <Handle
        type="target"
        role="group"
        position={Position.Left}
        aria-label={`Input of ${data.name}`}
      />
      <p className="weft-detail flex h-4 items-center gap-1 overflow-hidden text-[10px] leading-4 font-medium tracking-wide whitespace-nowrap text-zinc-500 uppercase">
        <BlockIcon
          block={data.block}
          className={ICON_COLOURS[block?.category ?? ""] ?? "text-red-600"}
        />
        {block?.label ?? `Unknown block ${data.block}`}
      </p>
      <p className="weft-node-name truncate text-sm leading-5 font-semibold" title={data.name}>
        {data.name}
      </p>
      {summary && (
        <p
          className="weft-detail truncate font-mono text-[11px] leading-4 text-zinc-500"
          title={summary}
        >
          {summary}
        </p>
      )}
      {data.block === "flow.block" && <UpdateBadge config={data.config} />}
      {(state || pinned) && (
        <p className="mt-1 flex items-center gap-2 text-[11px] text-zinc-500">
          {state && (
            <>
              <StatusBadge status={state.status} detail={attemptDetail(state, state.maxAttempts)} />
              <Elapsed from={state.startedAt} to={state.finishedAt} />
            </>
          )}
          {pinned && (
            <span
              title="Pinned data: tests use it instead of running this node"
              className="rounded bg-sky-100 px-1.5 py-0.5 font-medium text-sky-800 dark:bg-sky-900 dark:text-sky-100"
            >
              📌 Pinned
            </span>
          )}
        </p>
      )}
      {problems.length > 0 && (
        // A badge on the corner: it does not change the node's size (drawn as estimated). It is
        // placed against React Flow's node box, as the handles are (this box is not positioned).
        <p
          className={`absolute -top-2.5 right-2 rounded-full border bg-white px-1.5 text-[10px] leading-4 font-medium dark:bg-zinc-900 ${errors ? "border-red-300 text-red-600" : "border-amber-300 text-amber-600"}`}
        >
          {problems.length} problem{problems.length > 1 ? "s" : ""}
        </p>
      )}
      {block?.outputs ? (
        block.outputs.map((handle, index) => (
          <NamedOutput
            key={handle}
            handle={handle}
            nodeName={data.name}
            position={Position.Right}
            style={{ top: `${35 + index * 30}%` }}
          />
        ))
      ) : (
        <Handle
          type="source"
          role="group"
          position={Position.Right}
          aria-label={`Output of ${data.name}`}
        />
      )}
      {block && (
        <NamedOutput handle="error" nodeName={data.name} position={Position.Bottom} style={{}} />
      )}
    </div>
  );
});

/** A node the compared-with version had and this one removed: drawn where it was, faded. */
export const GhostNode = memo(function GhostNode({
  data,
}: NodeProps<Node<{ name: string; block: string }, "ghost">>) {
  const block = blockById(data.block);
  return (
    <div
      data-diff="removed"
      aria-label={`Removed ${block?.label ?? data.block} node ${data.name}`}
      className="min-w-44 rounded-md border-2 border-dashed border-red-400 bg-red-50/60 px-3 py-2 text-left opacity-70 dark:bg-red-950/40"
    >
      <p className="text-[10px] font-medium tracking-wide text-red-700 uppercase dark:text-red-300">
        Removed · {block?.label ?? data.block}
      </p>
      <p className="text-sm font-semibold line-through">{data.name}</p>
    </div>
  );
});

export const NoteNode = memo(function NoteNode({
  data,
}: NodeProps<Extract<CanvasNode, { type: "note" }>>) {
  return (
    <div
      className="max-w-56 rounded bg-yellow-100 p-2 text-xs whitespace-pre-wrap text-zinc-800 shadow"
      aria-label="Sticky note"
    >
      {data.text}
    </div>
  );
});

/** "Update available" on a team block whose flow has a newer published version. */
function UpdateBadge({ config }: { config: Record<string, unknown> }) {
  const published = useTeamBlocks().find((block) => block.flowId === config.flowId);
  if (!published || published.version <= Number(config.version ?? 0)) return null;
  return (
    <p
      data-update={published.version}
      className="mt-1 inline-block rounded bg-violet-100 px-1.5 text-[11px] text-violet-900 dark:bg-violet-950 dark:text-violet-200"
    >
      Update available: v{published.version}
    </p>
  );
}
