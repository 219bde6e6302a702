"use client";

import { useEffect, useId, useRef, useState, type CSSProperties, type RefObject } from "react";
import { Button, type ButtonProps } from "./button";

export interface MenuItem {
  label: string;
  /** A second line that says what the item does. */
  hint?: string;
  disabled?: boolean;
  onSelect(): void;
}

/**
 * A list of actions (WAI-ARIA menu): takes focus on its first item; arrows move, Enter picks,
 * Escape, Tab or a click elsewhere closes it.
 */
export function MenuList({
  label,
  items,
  onClose,
  id,
  className = "",
  style,
  ignore,
}: {
  label: string;
  items: MenuItem[];
  /** `escaped` when closed by Escape (focus goes back to the opener). */
  onClose(escaped: boolean): void;
  id?: string;
  className?: string;
  style?: CSSProperties;
  /** A click on this element does not close the menu (the button that toggles it). */
  ignore?: RefObject<HTMLElement | null>;
}) {
  const menu = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  const entries = () => [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];

  useEffect(() => {
    entries()[0]?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !ignore?.current?.contains(target))
        close.current(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [ignore]);

  return (
    <div
      ref={menu}
      id={id}
      role="menu"
      aria-label={label}
      style={style}
      onKeyDown={(event) => {
        const list = entries();
        const at = list.indexOf(document.activeElement as HTMLElement);
        const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
        if (move) {
          event.preventDefault();
          list[(at + move + list.length) % list.length]?.focus();
        } else if (event.key === "Escape" || event.key === "Tab")
          close.current(event.key === "Escape");
      }}
      className={`z-30 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${className}`}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          disabled={item.disabled}
          onClick={item.onSelect}
          className="block w-full rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
        >
          <span className="block font-medium">{item.label}</span>
          {item.hint && <span className="block text-xs text-zinc-500">{item.hint}</span>}
        </button>
      ))}
    </div>
  );
}

/** A menu button: opens a `MenuList` of actions under it; focus returns to it on close. */
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
        <MenuList
          id={id}
          label={label}
          ignore={button}
          className="absolute right-0 mt-1 w-72"
          onClose={(escaped) => {
            setOpen(false);
            if (escaped) button.current?.focus();
          }}
          items={items.map((item) => ({
            ...item,
            onSelect: () => {
              setOpen(false);
              button.current?.focus();
              item.onSelect();
            },
          }))}
        />
      )}
    </div>
  );
}
