import { describe, expect, it } from "vitest";
import { keepEnded } from "@/lib/runs/keep-ended";
import {
  concurrentNodes,
  decide,
  inputSource,
  retryDelaySeconds,
  runResult,
  stepChains,
  stepGroups,
  topologicalOrder,
  type Outcome,
  type Skeleton,
} from "@/lib/flow/semantics";

const graph = (edges: [string, string, ("true" | "false" | "error" | null)?][]): Skeleton => {
  const ids = [...new Set(edges.flatMap(([a, b]) => [a, b]))];
  return {
    nodes: ids.map((id) => ({ id, block: "code.javascript", retries: 0, retryDelaySeconds: 1 })),
    edges: edges.map(([source, target, sourceHandle = null]) => ({ source, target, sourceHandle })),
  };
};
const done = (branch?: "true" | "false"): Outcome => ({
  status: "completed",
  ...(branch ? { branch } : {}),
});
const failed: Outcome = { status: "failed" };
const skipped: Outcome = { status: "skipped" };

describe("engine semantics", () => {
  it("orders a diamond parents-first and runs the join when both sides completed", () => {
    const diamond = graph([
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ]);
    const order = topologicalOrder(diamond);
    expect(order[0]).toBe("a");
    expect(order.at(-1)).toBe("d");
    expect(decide(diamond, "a", {})).toBe("run");
    expect(decide(diamond, "d", { a: done(), b: done(), c: done() })).toBe("run");
    expect(inputSource(diamond, "d", { a: done(), b: done(), c: done() })).toBe("b");
  });

  it("skips a node when a parent failed without an error route, and the run fails", () => {
    const diamond = graph([
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ]);
    const outcomes = { a: done(), b: done(), c: failed };
    expect(decide(diamond, "d", outcomes)).toBe("skip");
    expect(runResult(diamond, { ...outcomes, d: skipped })).toEqual({
      status: "FAILED",
      failedNodes: ["c"],
    });
  });

  it("takes a condition's branch, skips the other, propagates skips and joins once", () => {
    const branch = graph([
      ["if", "yes", "true"],
      ["if", "no", "false"],
      ["no", "more"],
      ["yes", "join"],
      ["more", "join"],
    ]);
    const outcomes: Record<string, Outcome> = { if: done("true") };
    expect(decide(branch, "yes", outcomes)).toBe("run");
    expect(decide(branch, "no", outcomes)).toBe("skip");
    expect(decide(branch, "more", { ...outcomes, no: skipped })).toBe("skip");
    expect(decide(branch, "join", { ...outcomes, yes: done(), no: skipped, more: skipped })).toBe(
      "run",
    );
    expect(
      inputSource(branch, "join", { ...outcomes, yes: done(), no: skipped, more: skipped }),
    ).toBe("yes");
    expect(decide(branch, "join", { if: done("true"), yes: skipped, more: skipped })).toBe("skip");
  });

  it("routes a failure to the error handle; the run completes", () => {
    const handled = graph([
      ["a", "ok"],
      ["a", "recover", "error"],
    ]);
    expect(decide(handled, "ok", { a: failed })).toBe("skip");
    expect(decide(handled, "recover", { a: failed })).toBe("run");
    expect(decide(handled, "recover", { a: done() })).toBe("skip");
    expect(runResult(handled, { a: failed, ok: skipped, recover: done() }).status).toBe(
      "COMPLETED",
    );
  });

  it("a cached node counts as completed", () => {
    const chain = graph([["a", "b"]]);
    expect(decide(chain, "b", { a: { status: "cached" } })).toBe("run");
  });

  it("backs off exponentially from the node's delay, capped at an hour", () => {
    expect([2, 3, 4, 5].map((attempt) => retryDelaySeconds(10, attempt))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(600, 10)).toBe(3600);
    expect(retryDelaySeconds(0, 3)).toBe(0);
  });
});

describe("concurrentNodes", () => {
  const skeleton = (ids: string[], links: [string, string][]): Skeleton => ({
    nodes: ids.map((id) => ({ id, block: "code.javascript", retries: 0, retryDelaySeconds: 0 })),
    edges: links.map(([source, target]) => ({ source, target, sourceHandle: null })),
  });

  it("a chain has none: its steps keep Inngest's default mode (and checkpointing)", () => {
    expect(
      concurrentNodes(
        skeleton(
          ["a", "b", "c"],
          [
            ["a", "b"],
            ["b", "c"],
          ],
        ),
      ).size,
    ).toBe(0);
  });

  it("branches are concurrent; the nodes before the fork and after the join are not", () => {
    const found = concurrentNodes(
      skeleton(
        ["root", "x1", "x2", "y", "join"],
        [
          ["root", "x1"],
          ["x1", "x2"],
          ["root", "y"],
          ["x2", "join"],
          ["y", "join"],
        ],
      ),
    );
    expect([...found].sort()).toEqual(["x1", "x2", "y"]);
  });

  it("sees ancestry through long paths, and separate roots as concurrent", () => {
    const ids = Array.from({ length: 70 }, (_, i) => `n${i}`);
    const links = ids.slice(1).map((id, i): [string, string] => [ids[i]!, id]);
    expect(concurrentNodes(skeleton(ids, links)).size).toBe(0);
    expect([...concurrentNodes(skeleton([...ids, "alone"], links))].length).toBe(71);
  });
});

describe("stepGroups: nodes that can share a step", () => {
  const all = () => true;

  it("groups a fan-out whose join waits for every branch, and leaves that share a parent", () => {
    const fan = graph([
      ["start", "a"],
      ["start", "b"],
      ["start", "c"],
      ["a", "join"],
      ["b", "join"],
      ["c", "join"],
    ]);
    expect(stepGroups(fan, all, 25)).toEqual([["a", "b", "c"]]);
    const leaves = graph([
      ["root", "x"],
      ["root", "y"],
    ]);
    expect(stepGroups(leaves, all, 25)).toEqual([["x", "y"]]);
  });

  it("never groups a node whose successor could start before its siblings end", () => {
    // x → after does not wait for y or z: x runs on its own, y and z (leaves) may share.
    const uneven = graph([
      ["root", "x"],
      ["root", "y"],
      ["root", "z"],
      ["x", "after"],
    ]);
    expect(stepGroups(uneven, all, 25)).toEqual([["y", "z"]]);
    // Two branches of different lengths join: the long branch's head is not ready with the other.
    const branches = graph([
      ["root", "a1"],
      ["a1", "a2"],
      ["root", "b"],
      ["a2", "join"],
      ["b", "join"],
    ]);
    expect(stepGroups(branches, all, 25)).toEqual([]);
    // A chain shares nothing.
    expect(
      stepGroups(
        graph([
          ["a", "b"],
          ["b", "c"],
        ]),
        all,
        25,
      ),
    ).toEqual([]);
  });

  it("keeps out what may not share (retries, durable waits) and splits a wide fan-out", () => {
    const fan = graph(Array.from({ length: 7 }, (_, i): [string, string] => ["root", `n${i}`]));
    fan.nodes.find((node) => node.id === "n3")!.retries = 2;
    const groups = stepGroups(fan, (node) => node.retries === 0 && node.id !== "root", 3);
    expect(groups).toEqual([
      ["n0", "n1", "n2"],
      ["n4", "n5", "n6"],
    ]);
    expect(stepGroups(fan, (node) => node.id === "n0", 25)).toEqual([]);
  });
});

describe("stepChains: nodes that can run one after another in a step", () => {
  const all = () => true;
  const line = (ids: string[]) =>
    graph(ids.slice(1).map((id, i): [string, string] => [ids[i]!, id]));

  it("takes a straight line, split at the size limit", () => {
    expect(stepChains(line(["a", "b", "c", "d"]), all, 25)).toEqual([["a", "b", "c", "d"]]);
    expect(stepChains(line(["a", "b", "c", "d", "e"]), all, 2)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("ends a chain where a node has two children or a child has another parent", () => {
    const forked = graph([
      ["root", "a"],
      ["a", "b"],
      ["root", "c"],
      ["b", "join"],
      ["c", "join"],
      ["join", "after"],
    ]);
    // root starts two branches; join waits for two parents: neither links to its neighbour.
    expect(stepChains(forked, all, 25)).toEqual([
      ["a", "b"],
      ["join", "after"],
    ]);
    // Both handles of a condition into the same node are still one child.
    const condition = graph([
      ["if", "x", "true"],
      ["if", "x", "false"],
      ["x", "y", "error"],
    ]);
    expect(stepChains(condition, all, 25)).toEqual([["if", "x", "y"]]);
  });

  it("leaves out what may not share and what already shares a step", () => {
    const chain = line(["a", "b", "c", "d", "e"]);
    chain.nodes.find((node) => node.id === "b")!.retries = 1;
    expect(stepChains(chain, (node) => node.retries === 0, 25)).toEqual([["c", "d", "e"]]);
    expect(stepChains(chain, (node) => node.retries === 0, 25, new Set(["d"]))).toEqual([]);
    expect(stepChains(line(["a", "b"]), (node) => node.id !== "a", 25)).toEqual([]);
  });
});

describe("a run page's refetch never takes back an end the event stream showed", () => {
  const run = (status: string, nodes: [string, string][]) => ({
    status,
    error: null as string | null,
    finishedAt: status === "COMPLETED" ? "t1" : null,
    nodes: nodes.map(([nodeId, nodeStatus]) => ({ nodeId, status: nodeStatus })),
  });
  it("keeps ended run and node states over an older answer, and takes newer ones", () => {
    const cached = run("COMPLETED", [
      ["gate", "COMPLETED"],
      ["last", "COMPLETED"],
    ]);
    const stale = run("RUNNING", [
      ["gate", "RUNNING"],
      ["last", "PENDING"],
    ]);
    expect(keepEnded(cached, stale)).toEqual(cached);
    const fresher = run("RUNNING", [
      ["gate", "COMPLETED"],
      ["last", "RUNNING"],
    ]);
    expect(
      keepEnded(
        run("RUNNING", [
          ["gate", "RUNNING"],
          ["last", "PENDING"],
        ]),
        fresher,
      ),
    ).toEqual(fresher);
    expect(keepEnded(undefined, stale)).toBe(stale);
  });
});
