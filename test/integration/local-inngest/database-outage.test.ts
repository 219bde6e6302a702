// The database goes away in the middle of a call: the local server's work is never dropped (once
// it was deleted or stayed leased for good, and the run hung). It runs again once the database
// is back, and the run completes.
import { describe, expect, it } from "vitest";
import { databaseThroughProxy } from "../../support/tcp-proxy";
import { startHarness } from "./harness";

describe("local Inngest server: a database outage mid-call", async () => {
  const { url: viaProxy, proxy } = await databaseThroughProxy();
  const ran: string[] = [];
  let cut = false;
  const h = await startHarness(
    (client) => [
      client.createFunction(
        { id: "outage", triggers: [{ event: "test/outage" }] },
        async ({ step }) => {
          const a = await step.run("a", () => (ran.push("a"), 1));
          // Parallel steps: each result comes back in the call's reply (no checkpoint), which the
          // server must store while the database is away.
          const [b, c] = await Promise.all([
            step.run("b", async () => {
              ran.push("b");
              if (!cut) {
                cut = true;
                proxy.cut();
                setTimeout(() => proxy.restore(), 1_500);
              }
              return 2;
            }),
            step.run("c", () => (ran.push("c"), 3)),
          ]);
          return a + b + c;
        },
      ),
    ],
    { databaseUrl: viaProxy.toString() },
  );

  it("completes the run once the database is back; finished steps are not run again", async () => {
    await h.client.send({ name: "test/outage" });
    const run = await h.ended("outage", { timeoutMs: 20_000, fastForward: true });
    expect(run).toMatchObject({ status: "Completed", output: 6 });
    expect(cut).toBe(true);
    expect(ran.filter((step) => step === "a")).toEqual(["a"]);
    expect(ran).toContain("c");
  });
});
