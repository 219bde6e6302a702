"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Button, type ButtonProps } from "./button";

export interface MenuItem {
  label: string;
  /** A second line that says what the item does. */
  hint?: string;
  onSelect(): void;
}

/**
 * A menu button (WAI-ARIA pattern): opens a list of actions; arrows move between them, Enter
 * picks one, Escape or a click elsewhere closes it and focus returns to the button.
 */
export function MenuButton({
  label,
  items,
  variant = "secondary",
}: {
  label: string;
  items: MenuItem[];
  variant?: ButtonProps["variant"];
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const entries = () => [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];

  useEffect(() => {
    if (!open) return;
    entries()[0]?.focus();
    const close = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && event.target !== button.current)
        setOpen(false);
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (move) {
      event.preventDefault();
      list[(at + move + list.length) % list.length]?.focus();
    } else if (event.key === "Escape" || event.key === "Tab") {
      setOpen(false);
      if (event.key === "Escape") button.current?.focus();
    }
  };

  return (
    <div className="relative">
      <Button
        ref={button}
        variant={variant}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        {label} <span aria-hidden="true">▾</span>
      </Button>
      {open && (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={label}
          onKeyDown={onKeyDown}
          className="absolute right-0 z-20 mt-1 w-72 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                setOpen(false);
                button.current?.focus();
                item.onSelect();
              }}
              className="block w-full rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
            >
              <span className="block font-medium">{item.label}</span>
              {item.hint && <span className="block text-xs text-zinc-500">{item.hint}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
