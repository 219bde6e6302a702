// Work that once froze the whole server or let one team starve the others.
import { describe, expect, it } from "vitest";
import { runTransform } from "@/server/blocks/code";
import { sandboxedEvaluator } from "@/server/blocks/sandbox/expressions";
import { runSandboxed } from "@/server/blocks/sandbox/pool";
import { resolveConfig } from "@/lib/expressions/evaluate";
import { blockContext } from "../blocks/context";

/** Counts event-loop turns while `work` runs: a frozen server would count none. */
async function ticksDuring<T>(work: Promise<T>) {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  try {
    return { result: await work, ticks };
  } finally {
    clearInterval(timer);
  }
}

const backtracking = `$match("${"a".repeat(40)}!", /(a+)+$/)`;

describe("JSONata runs where it can be stopped", () => {
  it("a transform whose regular expression backtracks for ever is stopped; the server keeps serving", async () => {
    const started = Date.now();
    const { result, ticks } = await ticksDuring(
      runTransform(blockContext({ expression: backtracking }).ctx).catch((error: Error) => error),
    );
    expect(result).toMatchObject({
      message: "config.expression: the expression ran longer than 1000 ms and was stopped",
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(ticks).toBeGreaterThan(20);
  });

  it("so is a {{ }} field with one; plain paths are still read directly", async () => {
    const scope = {
      params: { name: "Ada" },
      nodes: { fetch: { output: { items: [{ id: 1 }, { id: 2 }] } } },
      secrets: {},
      run: { id: "r", flow: "f", startedAt: "", trigger: "manual" },
    };
    const evaluate = sandboxedEvaluator("team-a");
    await expect(
      resolveConfig(
        { greeting: "Hi {{ params.name }}", ids: "{{ nodes.fetch.output.items.id }}" },
        scope,
        "n",
        undefined,
        evaluate,
      ),
    ).resolves.toEqual({ greeting: "Hi Ada", ids: [1, 2] });
    const { result, ticks } = await ticksDuring(
      resolveConfig({ url: `{{ ${backtracking} }}` }, scope, "n", undefined, evaluate).catch(
        (error: Error) => error,
      ),
    );
    expect((result as Error).message).toMatch(
      /Node "n", field config.url: .* the expression ran longer than 1000 ms/,
    );
    expect(ticks).toBeGreaterThan(20);
  });
});

describe("the sandbox pool serves teams in turn", () => {
  it("one team's flood does not starve another team's single job", async () => {
    const busy = (ms: number) =>
      `const end = Date.now() + ${ms}; while (Date.now() < end) {} return 1`;
    const finished: string[] = [];
    const flood = Array.from({ length: 8 }, (_, i) =>
      runSandboxed({ code: busy(200), globals: {}, teamId: "greedy" }).then((result) => {
        finished.push(`greedy-${i}`);
        return result;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const other = await runSandboxed({ code: busy(10), globals: {}, teamId: "polite" });
    finished.push("polite");
    await Promise.all(flood);
    expect(other.ok).toBe(true);
    // Both workers were busy with the flood: "polite" waited for one job, not for all of them.
    expect(finished.indexOf("polite")).toBeLessThanOrEqual(3);
    const last = await flood[7]!;
    expect(last.queuedMs).toBeGreaterThan(other.queuedMs);
  });
});
