"use client";

import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { PathCompletion, PathOption } from "@/lib/expressions/completions";
import { inputClass } from "../ui/field";

interface Open extends PathCompletion {
  /** The caret when the list opened: the typed part is `from`..`caret`. */
  caret: number;
}

/** The options whose label starts with what is typed already. */
function matching(open: Open, text: string) {
  const typed = text.slice(open.from, open.caret).toLowerCase();
  return open.options.filter((option) => option.label.toLowerCase().startsWith(typed));
}

/**
 * A text field that completes `{{ … }}` references as they are typed (a combobox: arrows move,
 * Enter picks, Escape closes; a click picks too). `complete` gets the text before the caret.
 */
export function TemplateInput({
  multiline,
  value,
  onChange,
  complete,
  common,
  placeholder,
}: {
  multiline?: boolean;
  value: string;
  onChange(value: string): void;
  complete(before: string): PathCompletion | null;
  common: Record<string, unknown> & { id: string; disabled: boolean };
  placeholder?: string;
}) {
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const listId = useId();
  const [open, setOpen] = useState<Open | null>(null);
  const [active, setActive] = useState(0);
  // Where the caret goes once a pick's text is rendered: in the same commit, before the next key
  // (a frame later, a fast typist's next character lands at the end and the caret jumps back).
  const placed = useRef<{ text: string; caret: number } | null>(null);
  useLayoutEffect(() => {
    if (placed.current?.text !== value) return;
    field.current?.setSelectionRange(placed.current.caret, placed.current.caret);
    placed.current = null;
  }, [value]);
  const options = open ? matching(open, value) : [];
  const shown = options.length > 0;

  const update = (text: string, caret: number) => {
    onChange(text);
    const found = complete(text.slice(0, caret));
    setOpen(found && { ...found, caret });
    setActive(0);
  };
  const pick = (option: PathOption) => {
    if (!open) return;
    const end = field.current?.selectionStart ?? open.caret;
    const next = value.slice(0, open.from) + option.label + value.slice(end);
    const caret = open.from + option.label.length;
    placed.current = { text: next, caret };
    onChange(next);
    setOpen(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!shown) return;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves)
      setActive((active + moves[event.key]! + options.length) % options.length);
    else if (event.key === "Enter") pick(options[active]!);
    else if (event.key === "Escape") setOpen(null);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const props = {
    ...common,
    ref: field,
    role: "combobox",
    "aria-autocomplete": "list" as const,
    "aria-expanded": shown,
    "aria-controls": listId,
    "aria-activedescendant": shown ? `${listId}-${active}` : undefined,
    className: inputClass,
    value,
    placeholder,
    onKeyDown,
    onBlur: () => setOpen(null),
    onChange: (event: { target: HTMLInputElement | HTMLTextAreaElement }) =>
      update(event.target.value, event.target.selectionStart ?? event.target.value.length),
  };
  return (
    <div className="relative">
      {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
      <ul
        id={listId}
        role="listbox"
        aria-label="Completions"
        hidden={!shown}
        className="absolute z-20 mt-1 max-h-48 w-full overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        {options.map((option, index) => (
          <li
            key={option.label}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            // Keeps focus in the field, so the pick lands where the caret is.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option);
            }}
            className={`flex cursor-pointer justify-between gap-2 px-2 py-0.5 font-mono ${index === active ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
          >
            <span>{option.display ?? option.label}</span>
            <span className="text-zinc-500">{option.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
