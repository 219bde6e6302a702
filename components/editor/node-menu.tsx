"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";
import { MenuList, type MenuItem } from "../ui/menu";
import { useEditor } from "./editor-context";
import { usePins, useTestRun } from "./test-run";

/**
 * A node's context menu on the canvas: test the node (or from it) on the draft; run from here, or
 * the node alone, on the latest saved version, upstream outputs from the flow's latest run; pin
 * the test's output or unpin.
 */
export function NodeMenu({
  flowId,
  nodeId,
  at,
  onClose,
  onError,
}: {
  flowId: string;
  nodeId: string;
  at: { x: number; y: number };
  onClose(): void;
  onError(message: string): void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const dirty = useEditor((state) => state.dirty);
  const run = useMutation(
    trpc.run.runNode.mutationOptions({
      onSuccess: (started) => router.push(`/runs/${started.id}`),
      onError: (error) => {
        onError(error.message);
        onClose();
      },
    }),
  );
  const test = useTestRun();
  const pinned = usePins().has(nodeId);
  const tested = test.run?.nodes.find((node) => node.nodeId === nodeId)?.status;
  const saved = dirty ? " (saved version)" : "";
  const act = (action: () => void) => () => {
    action();
    onClose();
  };
  const items: MenuItem[] = [
    {
      label: "Test this node",
      hint: "On the draft; upstream from pinned data or the latest run",
      disabled: test.starting,
      onSelect: act(() => test.start({ nodeId })),
    },
    {
      label: "Test from here",
      hint: "This node and everything after it, on the draft",
      disabled: test.starting,
      onSelect: act(() => test.start({ nodeId, downstream: true })),
    },
    ...[true, false].map((downstream) => ({
      label: `${downstream ? "Run from here" : "Run this node alone"}${saved}`,
      disabled: run.isPending,
      onSelect: () => run.mutate({ flowId, nodeId, downstream }),
    })),
  ];
  if (test.runId && (tested === "COMPLETED" || tested === "CACHED"))
    items.push({
      label: "Pin the test's output",
      onSelect: act(() => test.pin(nodeId, { fromRunId: test.runId! })),
    });
  if (pinned) items.push({ label: "Unpin data", onSelect: act(() => test.unpin(nodeId)) });
  return (
    <MenuList
      label={`Actions for ${nodeId}`}
      style={{ left: at.x, top: at.y }}
      className="absolute w-64"
      onClose={onClose}
      items={items}
    />
  );
}
