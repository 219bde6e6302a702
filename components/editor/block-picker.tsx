"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { searchBlocks } from "@/lib/blocks/catalog";
import { inputClass } from "../ui/field";
import { BlockIcon } from "./block-icon";

/**
 * The block picker that opens where a connection was dropped on empty canvas (or on a
 * double-click, or Tab): type to filter, arrows to choose, Enter to add, Escape to close.
 */
export function BlockPicker({
  at,
  onPick,
  onClose,
}: {
  /** Where it opens, in pixels inside the canvas. */
  at: { x: number; y: number };
  onPick(blockId: string): void;
  onClose(): void;
}) {
  const [search, setSearch] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const blocks = searchBlocks(search);
  const chosen = blocks[Math.min(active, blocks.length - 1)];

  useEffect(() => {
    const returnTo = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => returnTo?.focus?.();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => (index + step + blocks.length) % Math.max(1, blocks.length));
    } else if (event.key === "Enter" && chosen) {
      event.preventDefault();
      onPick(chosen.id);
    } else if (event.key === "Tab") {
      event.preventDefault();
    }
  };

  return (
    <div
      role="dialog"
      aria-label="Add a block"
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onClose();
      }}
      style={{ left: at.x, top: at.y }}
      className="absolute z-30 w-64 rounded-md border border-zinc-200 bg-white p-2 shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
    >
      <input
        ref={input}
        type="search"
        aria-label="Search blocks to add"
        aria-controls="weft-block-picker-list"
        aria-activedescendant={chosen ? `weft-pick-${chosen.id}` : undefined}
        placeholder="Search blocks"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setActive(0);
        }}
        className={`${inputClass} w-full`}
      />
      <ul
        id="weft-block-picker-list"
        role="listbox"
        aria-label="Blocks"
        className="mt-1 max-h-64 overflow-y-auto"
      >
        {blocks.map((block) => (
          <li
            key={block.id}
            id={`weft-pick-${block.id}`}
            role="option"
            aria-selected={block === chosen}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(block.id)}
            className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm ${block === chosen ? "bg-indigo-50 dark:bg-indigo-950" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
          >
            <BlockIcon block={block.id} />
            <span>{block.label}</span>
          </li>
        ))}
        {!blocks.length && <li className="px-2 py-1.5 text-sm text-zinc-500">No block matches.</li>}
      </ul>
    </div>
  );
}
