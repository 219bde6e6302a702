"use client";

import { useSyncExternalStore } from "react";
import { inputClass } from "../ui/field";

type Theme = "light" | "dark" | "system";
const KEY = "weft-theme";
const CHANGED = "weft-theme-change";

/** Runs before the first paint (see app/layout.tsx) so a dark page never flashes white. */
export const themeScript = `(function(){try{var t=localStorage.getItem("${KEY}")||"system";var d=t==="dark"||(t==="system"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

const readTheme = () => (localStorage.getItem(KEY) as Theme | null) ?? "system";

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function choose(theme: Theme) {
  localStorage.setItem(KEY, theme);
  const dark =
    theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  window.dispatchEvent(new Event(CHANGED));
}

export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribe, readTheme, () => "system" as Theme);
  return (
    <select
      aria-label="Colour theme"
      value={theme}
      className={`${inputClass} py-1 text-xs`}
      onChange={(event) => choose(event.target.value as Theme)}
    >
      <option value="system">System theme</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}

const isDark = () => document.documentElement.classList.contains("dark");
function subscribeDark(onChange: () => void) {
  const media = matchMedia("(prefers-color-scheme: dark)");
  const unsubscribe = subscribe(onChange);
  media.addEventListener("change", onChange);
  return () => {
    unsubscribe();
    media.removeEventListener("change", onChange);
  };
}

/** Whether the page is dark now (for widgets that style themselves, such as the canvas). */
export const useDarkMode = () => useSyncExternalStore(subscribeDark, isDark, () => false);
