import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { runJavaScript, runTransform } from "@/server/blocks/code";
import { runSandboxed } from "@/server/blocks/sandbox/pool";
import { BlockError } from "@/server/blocks/types";
import { blockContext } from "./context";

const run = (code: string) => runJavaScript(blockContext({ code }).ctx);

describe("code.javascript: the QuickJS sandbox", () => {
  it("returns a JSON value computed from its inputs, and console lines become logs", async () => {
    const { ctx, logs } = blockContext({
      code: "console.log('seen', input, params.day); console.warn('careful'); return { doubled: nodes.up.output.n * 2, run: run.id };",
    });
    expect(await runJavaScript(ctx)).toEqual({ output: { doubled: 4, run: "run1" } });
    expect(logs).toEqual([
      { level: "info", message: 'seen {"fromParent":true} mon' },
      { level: "warn", message: "careful" },
    ]);
  });

  it("supports async code that settles without timers", async () => {
    expect(await run("const x = await Promise.resolve(20); return x + 1")).toEqual({ output: 21 });
  });

  it("stops an infinite loop at the time limit, and the server keeps serving meanwhile", async () => {
    const server = createServer((_req, res) => res.end("alive"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const started = Date.now();
    const loop = runSandboxed({ code: "while (true) {}", globals: {}, timeMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answeredAt = await fetch(url).then(async (res) =>
      (await res.text()) === "alive" ? Date.now() : 0,
    );
    const result = await loop;
    server.close();
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/longer than its time limit of 1000 ms/),
    });
    expect(answeredAt - started).toBeLessThan(900);
  });

  it("ends a memory bomb with a clear error and frees its memory", async () => {
    const before = process.memoryUsage().rss;
    await expect(run("const a = []; for (;;) a.push(new Array(1e5).fill(1))")).rejects.toThrow(
      /more memory than its limit of 64 MB/,
    );
    await expect(run("let s = 'x'; for (;;) s = s + s")).rejects.toThrow(/string too long|memory/);
    expect(await run("return 'still fine'")).toEqual({ output: "still fine" });
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  });

  it.each([
    ["process", "return typeof process"],
    ["fetch", "return typeof fetch"],
    ["setTimeout", "return typeof setTimeout"],
    [
      "globalThis keys but its own",
      // Weft's globals, and zod's registry (zod keeps it on globalThis).
      "return Object.keys(globalThis).filter((k) => !['console', 'crypto', 'Intl', 'require', '__zod_globalConfig', '__zod_globalRegistry'].includes(k)).join()",
    ],
  ])("has no %s", async (_name, code) => {
    const { output } = await run(code);
    expect(output === "undefined" || output === "").toBe(true);
  });

  it.each(["fs", "node:fs", "child_process", "process", "../../server/env", "inngest"])(
    "require(%j) is refused: only the standard library loads",
    async (name) => {
      await expect(run(`return require(${JSON.stringify(name)})`)).rejects.toThrow(
        `Cannot import "${name}": a code node may import only lodash-es, date-fns`,
      );
    },
  );

  it.each([
    [
      "a constructor escape",
      "return this.constructor.constructor('return typeof process')()",
      /cannot read property 'constructor' of undefined/,
    ],
    [
      "Function from a function",
      "return (() => 0).constructor('return typeof process')()",
      /^undefined$/,
    ],
    ["a dynamic import", "return await import('fs')", /Cannot import "fs"/],
  ])("gains nothing from %s", async (_name, code, expected) => {
    const outcome = await run(code).then(
      (result) => String(result.output),
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(expected);
  });

  it("reports a thrown error, a syntax error and deep recursion clearly", async () => {
    await expect(run("throw new Error('boom')")).rejects.toThrow("Error: boom");
    await expect(run("return {")).rejects.toThrow(/SyntaxError/);
    await expect(run("function f() { return f() } return f()")).rejects.toThrow(
      /recursed too deeply/,
    );
  });

  it("refuses a result that never settles", async () => {
    await expect(run("await new Promise(() => {})")).rejects.toThrow(/never settled/);
  });
});

describe("transform.jsonata errors", () => {
  it("say where in the expression it stopped", async () => {
    await expect(
      runTransform(blockContext({ expression: "input.items[price > 10" }).ctx),
    ).rejects.toThrow(/^config\.expression: .+ \(at position \d+/);
    await expect(
      runTransform(blockContext({ expression: "$sum(input.items.price" }).ctx),
    ).rejects.toThrow(/\(at position \d+, near "/);
  });
});

describe("code nodes in TypeScript", () => {
  const ts = (code: string) => runJavaScript(blockContext({ code, language: "typescript" }).ctx);

  it("runs typed code: interfaces, annotations, generics, `as`, top-level await", async () => {
    const code = [
      "interface Item { id: number; title?: string }",
      "type Total = { total: number; ids: readonly number[] };",
      "const items: Item[] = [{ id: 2 }, { id: 5 }];",
      "function sum<T extends Item>(list: T[]): number { return list.reduce((a: number, b) => a + b.id, 0); }",
      "const wait = await Promise.resolve(params.day as string);",
      "return { total: sum(items), ids: items.map((i) => i.id), day: wait } satisfies Total & { day: string };",
    ].join("\n");
    expect(await ts(code)).toEqual({ output: { total: 7, ids: [2, 5], day: "mon" } });
  });

  it("reports a run-time error at its TypeScript line and column", async () => {
    const code = [
      "interface Stock { count: number }",
      "const stock: Stock = { count: 0 };",
      "",
      "if (!stock.count) throw new Error('no stock left');",
      "return stock;",
    ].join("\n");
    const failure = (await ts(code).catch((error: unknown) => error)) as BlockError;
    expect(failure).toBeInstanceOf(BlockError);
    expect(failure.message).toBe("Error: no stock left");
    expect(failure.userFrame).toMatch(/\(line 4:\d+\)/);
  });

  it("refuses code that does not parse, with the line and column, and never retries it", async () => {
    const failure = (await ts("const ok = 1;\nconst broken: = 2;\nreturn ok;").catch(
      (error: unknown) => error,
    )) as BlockError;
    expect(failure.message).toMatch(/^SyntaxError: Unexpected token/);
    expect(failure.userFrame).toBe("at code (line 2:15)");
    expect(failure.retryable).toBe(false);
  });

  it("keeps plain JavaScript (no language) running as before", async () => {
    expect(await run("const n = 1; return n + 1")).toEqual({ output: 2 });
    await expect(run("const n: number = 1; return n")).rejects.toThrow(/SyntaxError|expecting/i);
  });
});
