// A call to the app may take as long as Inngest allows (2 hours) and no longer; Node's fetch would
// have given up at 300 s and retried while the app was still running the step. The limit is an
// option here so that a test can wait for it.
import { describe, expect, it } from "vitest";
import { LIMITS } from "@/server/local-inngest/time";
import { startHarness } from "./harness";

describe("local Inngest server: call timeout", async () => {
  let started = 0;
  const h = await startHarness(
    (client) => [
      client.createFunction(
        { id: "slow", retries: 1, triggers: [{ event: "test/slow" }] },
        async ({ step }) =>
          step.run("slow", async () => {
            started += 1;
            if (started === 1) await new Promise((resolve) => setTimeout(resolve, 1_500));
            return "done";
          }),
      ),
    ],
    { record: true, callTimeoutMs: 700 },
  );

  it("waits 2 hours for an answer by default, as Inngest's HTTP driver", () => {
    expect(LIMITS.callMs).toBe(2 * 60 * 60 * 1000);
  });

  it("counts a call that outlives the limit as failed, and retries it", async () => {
    await h.client.send({ name: "test/slow" });
    const run = await h.ended("slow", { fastForward: true });
    expect(run).toMatchObject({ status: "Completed", output: "done" });
    expect(started).toBe(2);
    // The retry runs the step and reports it; a discovery call (attempt 0) then ends the run.
    expect(h.calls.map((call) => call.body.ctx.attempt)).toEqual([0, 1, 0]);
  });
});
