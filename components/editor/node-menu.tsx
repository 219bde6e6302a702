"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useTRPC } from "../trpc/client";
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
  const menu = useRef<HTMLDivElement>(null);
  const run = useMutation(
    trpc.run.runNode.mutationOptions({
      onSuccess: (started) => router.push(`/runs/${started.id}`),
      onError: (error) => {
        onError(error.message);
        onClose();
      },
    }),
  );
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const close = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, [onClose]);
  const saved = dirty ? " (saved version)" : "";
  const items = [
    { label: `Run from here${saved}`, downstream: true },
    { label: `Run this node alone${saved}`, downstream: false },
  ];
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={`Actions for ${nodeId}`}
      style={{ left: at.x, top: at.y }}
      onKeyDown={(event) => {
        const list = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
        const index = list.indexOf(document.activeElement as HTMLElement);
        if (event.key === "Escape") onClose();
        else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          const step = event.key === "ArrowDown" ? 1 : -1;
          list[(index + step + list.length) % list.length]?.focus();
        }
      }}
      className="absolute z-30 w-60 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          disabled={run.isPending}
          onClick={() => run.mutate({ flowId, nodeId, downstream: item.downstream })}
          className="block w-full rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
