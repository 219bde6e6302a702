"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";

/**
 * After a change that affects the whole page (current team, team name): refetch every query and
 * re-render the server components, then optionally go to `path`.
 */
export function useRefreshAll(path?: string) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await queryClient.invalidateQueries();
    if (path) router.push(path);
    router.refresh();
  }, [queryClient, router, path]);
}
