"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";
import { MenuList } from "../ui/menu";
import { useEditor } from "./editor-context";

/**
 * A node's context menu on the canvas: run from here, or run the node alone, on the latest saved
 * version, upstream outputs taken from the flow's latest run.
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
  const saved = dirty ? " (saved version)" : "";
  return (
    <MenuList
      label={`Actions for ${nodeId}`}
      style={{ left: at.x, top: at.y }}
      className="absolute w-60"
      onClose={onClose}
      items={[true, false].map((downstream) => ({
        label: `${downstream ? "Run from here" : "Run this node alone"}${saved}`,
        disabled: run.isPending,
        onSelect: () => run.mutate({ flowId, nodeId, downstream }),
      }))}
    />
  );
}
