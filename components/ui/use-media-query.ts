"use client";

import { useSyncExternalStore } from "react";

/** Whether a CSS media query matches now (false while rendering on the server). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const media = matchMedia(query);
      media.addEventListener("change", onChange);
      return () => media.removeEventListener("change", onChange);
    },
    () => matchMedia(query).matches,
    () => false,
  );
}

/** Below Tailwind's `md` breakpoint: a phone. */
export const PHONE = "(max-width: 767px)";
