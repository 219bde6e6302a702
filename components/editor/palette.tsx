"use client";

import { useState } from "react";
import { CATEGORIES, searchBlocks } from "@/lib/blocks/catalog";
import { inputClass } from "../ui/field";
import { BLOCK_MIME } from "./canvas";
import { useEditorStore } from "./editor-context";
import { TeamBlocksSection } from "./team-blocks";

/** Searchable blocks by category: drag one onto the canvas, or click to add it. */
export function Palette() {
  const store = useEditorStore();
  const [search, setSearch] = useState("");
  const blocks = searchBlocks(search);
  const addNear = (blockId: string) => {
    const count = store.getState().nodes.length;
    store
      .getState()
      .addBlock(blockId, { x: 80 + (count % 4) * 260, y: 80 + Math.floor(count / 4) * 140 });
  };
  return (
    <aside
      aria-label="Blocks"
      className="flex w-56 shrink-0 flex-col gap-3 overflow-y-auto border-r border-zinc-200 p-3 dark:border-zinc-800"
    >
      <input
        type="search"
        aria-label="Search blocks"
        placeholder="Search blocks"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        className={inputClass}
      />
      {CATEGORIES.map((category) => {
        const inCategory = blocks.filter((block) => block.category === category);
        if (!inCategory.length) return null;
        return (
          <section key={category} aria-label={category}>
            <h3 className="mb-1 text-xs font-semibold text-zinc-500 uppercase">{category}</h3>
            <ul className="space-y-1">
              {inCategory.map((block) => (
                <li key={block.id}>
                  <button
                    type="button"
                    draggable
                    aria-label={`Add ${block.label}`}
                    title={block.description}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(BLOCK_MIME, block.id);
                      event.dataTransfer.effectAllowed = "move";
                    }}
                    onClick={() => addNear(block.id)}
                    className="w-full cursor-grab rounded border border-zinc-200 bg-white px-2 py-1.5 text-left text-sm hover:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-900"
                  >
                    {block.label}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <TeamBlocksSection search={search} />
      {!blocks.length && <p className="text-sm text-zinc-500">No block matches “{search}”.</p>}
    </aside>
  );
}
