import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refetchAfterChange } from "@/lib/runs/refetch-after-change";

/** A watched query whose answers take 30 ms and report the server's state when they started. */
function watchedQuery() {
  const server = { output: "none yet" };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const queryKey = ["run.node", "n1"];
  let fetches = 0;
  const observer = new QueryObserver(queryClient, {
    queryKey,
    queryFn: async () => {
      fetches += 1;
      const read = server.output;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return read;
    },
  });
  const unsubscribe = observer.subscribe(() => undefined);
  return { server, queryClient, queryKey, observer, unsubscribe, fetches: () => fetches };
}

describe("a node's details after a change event", () => {
  it("are read again when the change lands while their first read is still under way", async () => {
    const query = watchedQuery();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first read has started
    query.server.output = "42";
    await refetchAfterChange(query.queryClient, query.queryKey);
    await expect.poll(() => query.observer.getCurrentResult().data).toBe("42");
    expect(query.fetches()).toBe(2);
    query.unsubscribe();
  });

  it("plain invalidation would have kept the stale first answer (why the helper exists)", async () => {
    const query = watchedQuery();
    await new Promise((resolve) => setTimeout(resolve, 5));
    query.server.output = "42";
    await query.queryClient.invalidateQueries({ queryKey: query.queryKey });
    expect(query.observer.getCurrentResult().data).toBe("none yet");
    expect(query.fetches()).toBe(1);
    query.unsubscribe();
  });

  it("are read again once when the change lands after they were read", async () => {
    const query = watchedQuery();
    await expect.poll(() => query.observer.getCurrentResult().data).toBe("none yet");
    query.server.output = "42";
    await refetchAfterChange(query.queryClient, query.queryKey);
    expect(query.observer.getCurrentResult().data).toBe("42");
    expect(query.fetches()).toBe(2);
    query.unsubscribe();
  });
});
