// npm run bench:sandbox – one code.javascript execution returning a small object, sandbox creation
// included (each run starts from a fresh copy of the worker's image: QuickJS with the standard
// library loaded, on the warm worker pool), the process memory after 2,000 runs, TypeScript
// against JavaScript, and what importing each standard library module adds to an execution.
// The pool reads its size from Weft's validated environment, which wants these set.
process.env.DATABASE_URL ??= "postgresql://bench@127.0.0.1:5432/unused";
process.env.NEXTAUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123";
const { runSandboxed } = await import("../server/blocks/sandbox/pool");

const code = "return { ok: true, total: input.items.reduce((a, b) => a + b, 0), day: params.day }";
const globals = { input: { items: [1, 2, 3] }, params: { day: "mon" }, nodes: {}, run: {} };
await runSandboxed({ code, globals }); // warm the pool
const before = process.memoryUsage().rss;
const times: number[] = [];
for (let i = 0; i < 2_000; i++) {
  const started = performance.now();
  const result = await runSandboxed({ code, globals });
  times.push(performance.now() - started);
  if (!result.ok) throw new Error(result.error);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.floor(times.length * q)]!.toFixed(2);
console.log(
  `code.javascript, 2,000 executions: median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`,
);
console.log(
  `process RSS: ${(before / 1048576).toFixed(0)} MB after warm-up, ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB after 2,000 runs`,
);

// TypeScript: the cost of stripping types, Sucrase (what Weft uses: keeps lines, so errors point
// at the TypeScript line) against esbuild's transform (needs the body wrapped: top-level return),
// each on a fresh source every time (the node cache would otherwise answer).
const { transform } = await import("sucrase");
const { transformSync } = await import("esbuild");
const typed = (i: number) =>
  `interface Item { id: number; title?: string }\nconst items: Item[] = input.items.map((id: number) => ({ id }));\nconst total: number = items.reduce((a: number, b: Item) => a + b.id, ${i});\nreturn { total } as const;`;
const median = (run: (i: number) => void) => {
  const spent: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    run(i);
    spent.push(performance.now() - started);
  }
  spent.sort((a, b) => a - b);
  return spent[250]!.toFixed(3);
};
const sucraseMs = median((i) =>
  transform(typed(i), { transforms: ["typescript"], disableESTransforms: true }),
);
const esbuildMs = median((i) =>
  transformSync(`async function body() {\n${typed(i)}\n}`, { loader: "ts" }),
);
console.log(`strip types, median of 500: sucrase ${sucraseMs} ms, esbuild ${esbuildMs} ms`);
const { compileCode } = await import("../server/blocks/sandbox/compile");
const compiledMedian = async (source: string, language: "typescript" | "javascript") => {
  const compiled = compileCode(source, language);
  if (!compiled.ok) throw new Error(compiled.error);
  const spent: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    const result = await runSandboxed({ code: compiled.code, globals });
    spent.push(performance.now() - started);
    if (!result.ok) throw new Error(result.error);
  }
  spent.sort((a, b) => a - b);
  return spent[250]!;
};
const plainMs = await compiledMedian(code, "javascript");
const tsMs = await compiledMedian(typed(0), "typescript");
console.log(
  `TypeScript node (compiled once) execution: median ${tsMs.toFixed(2)} ms vs JavaScript ${plainMs.toFixed(2)} ms`,
);

// Each import: the same small body, plus one call into the module.
const imports: [string, string][] = [
  ["lodash-es", 'import { groupBy } from "lodash-es";\ngroupBy(input.items, (n) => n % 2);'],
  ["date-fns", 'import { format } from "date-fns";\nformat(new Date(0), "yyyy-MM-dd");'],
  [
    "@date-fns/tz",
    'import { TZDate } from "@date-fns/tz";\nnew TZDate(0, "Asia/Tokyo").getHours();',
  ],
  ["papaparse", 'import Papa from "papaparse";\nPapa.parse("a,b\\n1,2", { header: true });'],
  [
    "fast-xml-parser",
    'import { XMLParser } from "fast-xml-parser";\nnew XMLParser().parse("<a>1</a>");',
  ],
  ["zod", 'import { z } from "zod";\nz.object({ a: z.number() }).safeParse({ a: 1 });'],
  ["uuid", 'import { v4 } from "uuid";\nv4();'],
  ["@weft/crypto", 'import { hash } from "@weft/crypto";\nhash("sha256", "weft");'],
];
for (const [name, body] of imports) {
  const ms = await compiledMedian(`${body}\n${code}`, "javascript");
  console.log(
    `import ${name}: median ${ms.toFixed(2)} ms (+${(ms - plainMs).toFixed(2)} ms over no import)`,
  );
}
process.exit(0);
export {};
