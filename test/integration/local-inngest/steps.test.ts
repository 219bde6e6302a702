import { describe, expect, it } from "vitest";
import { eventually, startHarness } from "./harness";

describe("local Inngest server: steps", async () => {
  const calls: string[] = [];
  const spans: Record<string, { start: number; end: number }> = {};
  const timed = (id: string) => async () => {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 150));
    spans[id] = { start, end: Date.now() };
    return id;
  };
  const h = await startHarness((client) => [
    client.createFunction(
      { id: "sequential", triggers: [{ event: "test/sequential" }] },
      async ({ event, step }) => {
        const a = await step.run("a", () => {
          calls.push("a");
          return (event.data as { n: number }).n + 1;
        });
        const b = await step.run("b", () => {
          calls.push("b");
          return a * 10;
        });
        return { a, b };
      },
    ),
    client.createFunction(
      { id: "fan-out", triggers: [{ event: "test/fan-out" }] },
      async ({ step }) => {
        await step.sendEvent("notify", { name: "test/sequential", data: { n: 100 } });
        return "sent";
      },
    ),
    client.createFunction(
      { id: "parallel", triggers: [{ event: "test/parallel" }] },
      async ({ step }) => {
        const [x, y, z] = await Promise.all([
          step.run("x", timed("x")),
          step.run("y", timed("y")),
          step.run("z", timed("z")),
        ]);
        const joined = await step.run("join", () => `${x}${y}${z}`);
        return joined;
      },
    ),
  ]);

  it("runs sequential steps once each, passing each result on", async () => {
    await h.client.send({ name: "test/sequential", data: { n: 1 } });
    const run = await h.ended("sequential");
    expect(run).toMatchObject({ status: "Completed", output: { a: 2, b: 20 } });
    expect(calls).toEqual(["a", "b"]);
    expect(Object.keys(run.steps)).toHaveLength(2);
  });

  it("runs parallel steps as separate steps and joins after all of them", async () => {
    await h.client.send({ name: "test/parallel" });
    const run = await h.ended("parallel");
    expect(run).toMatchObject({ status: "Completed", output: "xyz" });
    expect(Object.keys(run.steps)).toHaveLength(4);
    const spanList = Object.values(spans);
    const lastStart = Math.max(...spanList.map((span) => span.start));
    const firstEnd = Math.min(...spanList.map((span) => span.end));
    expect(lastStart, "every parallel step started before the first one finished").toBeLessThan(
      firstEnd,
    );
  });

  it("step.sendEvent goes through the event API and starts the functions it triggers", async () => {
    await h.client.send({ name: "test/fan-out" });
    expect(await h.ended("fan-out")).toMatchObject({ status: "Completed", output: "sent" });
    const triggered = await eventually(async () => {
      const { rows } = await h.db.query(
        `SELECT output FROM inngest_run WHERE function_id = 'test-app-sequential' AND output = '{"a":101,"b":1010}'`,
      );
      return rows[0];
    });
    expect(triggered).toEqual({ output: { a: 101, b: 1010 } });
  });
});
