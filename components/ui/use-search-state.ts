"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef, useState } from "react";

/**
 * Page state mirrored into the query string, so the page can be linked to and survives a reload.
 * The state itself is held here: the address updates a moment later, and two quick changes in a
 * row must both be kept (reading the address back would lose the first).
 */
export function useSearchState<Key extends string>(
  keys: readonly Key[],
): [Partial<Record<Key, string>>, (change: Partial<Record<Key, string>>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [state, setState] = useState(
    () =>
      Object.fromEntries(
        keys.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])),
      ) as Partial<Record<Key, string>>,
  );
  const latest = useRef(state);
  const update = (change: Partial<Record<Key, string>>) => {
    const next = { ...latest.current, ...change };
    for (const key of keys) if (!next[key]) delete next[key];
    latest.current = next;
    setState(next);
    const query = new URLSearchParams(next as Record<string, string>);
    router.replace(query.size ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return [state, update];
}
