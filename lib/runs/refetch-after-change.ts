import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Reads `queryKey` again after the server said it changed. Invalidating alone is not enough: a
 * query's first fetch still under way (it may have read before the change) is joined rather than
 * repeated, and its stale answer would stay. So that fetch is cancelled first, then read again.
 */
export async function refetchAfterChange(queryClient: QueryClient, queryKey: QueryKey) {
  await queryClient.cancelQueries({ queryKey });
  await queryClient.invalidateQueries({ queryKey });
}
