import { expect, it } from "vitest";
import { runSandboxed } from "@/server/blocks/sandbox/pool";

const rss = () => process.memoryUsage().rss;

// A sandbox worker keeps a QuickJS image per kind of code: one with the globals only, and one with
// the standard library (16 MB of WebAssembly memory, a 10 MB snapshot and half a second to build).
it("builds the standard library's image only for the first code that requires a module", async () => {
  expect(await runSandboxed({ code: "return 1", globals: {} })).toMatchObject({ value: 1 });
  const before = rss();
  expect(await runSandboxed({ code: "return 2", globals: {} })).toMatchObject({ value: 2 });
  const bare = rss() - before;
  const code = 'const { chunk } = require("lodash-es"); return chunk([1, 2, 3], 2)';
  // Its time limit counts from the built image: a short one leaves no room for building it.
  expect(await runSandboxed({ code, globals: {}, timeMs: 50 })).toMatchObject({
    ok: true,
    value: [[1, 2], [3]],
  });
  const full = rss() - before;
  expect(bare).toBeLessThan(8 * 1024 * 1024);
  expect(full).toBeGreaterThan(10 * 1024 * 1024);
});
