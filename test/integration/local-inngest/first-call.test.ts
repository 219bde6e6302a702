// A new run's first call goes out from the server that creates the run, not through its queue,
// when the server has room and no older work waits.
import { describe, expect, it } from "vitest";
import { startHarness } from "./harness";

describe("local Inngest server: a new run's first call", async () => {
  const seen: string[] = [];
  const h = await startHarness((client) => [
    client.createFunction(
      { id: "quick", triggers: [{ event: "test/quick" }] },
      async ({ runId, step }) => {
        seen.push(`called ${runId}`);
        return step.run("work", () => "done");
      },
    ),
  ]);
  // Watches what the queue hands out (the store itself still does the work).
  const dueItems = h.store.dueItems.bind(h.store);
  h.store.dueItems = async (now, limit) => {
    const items = await dueItems(now, limit);
    for (const item of items) seen.push(`queued ${item.run_id}`);
    return items;
  };

  it("is made before the queue hands out any work of the run", async () => {
    // The queue has had a look and found nothing waiting (it looks every 5 ms here).
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.client.send({ name: "test/quick", data: {} });
    const run = await h.ended("quick");
    expect(run.status).toBe("Completed");
    const ofRun = seen.filter((line) => line.endsWith(` ${run.id}`));
    expect(ofRun[0]).toBe(`called ${run.id}`);
  });
});
