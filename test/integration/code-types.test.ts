import { beforeAll, describe, expect, it } from "vitest";
import { codeDeclarations } from "@/lib/code/declarations";
import { TYPECHECK_LIMITS } from "@/server/code/typecheck";
import { createTeamWithOwner } from "../factories";

type Caller = Awaited<ReturnType<typeof createTeamWithOwner>>["caller"];

/** The globals of a node downstream of "fetch", which last returned `{ items, total }`. */
const declarations = codeDeclarations({
  params: [
    { name: "day", type: "string" },
    { name: "limit", type: "number" },
  ],
  nodes: [
    {
      id: "fetch",
      name: "Fetch items",
      output: { items: [{ id: 1, title: "a", tags: ["x"] }], total: 1 },
      sampled: true,
    },
    { id: "never", name: "Not run yet", sampled: false },
  ],
  secrets: ["API_TOKEN"],
});

describe("type checking a code node, typed by its flow", () => {
  let caller: Caller;
  beforeAll(async () => {
    caller = (await createTeamWithOwner("Types")).caller;
  });
  const check = (code: string) => caller.code.check({ code, declarations });

  it("finds nothing wrong in code that fits the flow's data, imports included", async () => {
    const code = `import { groupBy } from "lodash-es";
import { z } from "zod";
import { hash } from "@weft/crypto";
const items = nodes.fetch.output.items;
const byTitle = groupBy(items, (item) => item.title);
const limit: number = params.limit;
const token: string = secrets.API_TOKEN;
const schema = z.object({ id: z.number() });
console.log(run.id, hash("sha256", token));
return { byTitle, first: schema.parse(items[0]), limit, total: await Promise.resolve(nodes.fetch.output.total) };`;
    expect(await check(code)).toEqual([]);
  });

  it("reports type errors at the line and column of the code, imports not shifting them", async () => {
    const code = [
      'import { format } from "date-fns";',
      "const day: number = params.day;",
      "const title = nodes.fetch.output.items[0].titel;",
      "format(new Date(), 42);",
      "const unseen: string = nodes.never.output.anything; // no sample yet: any",
      "return params.dya;",
    ].join("\n");
    const found = await check(code);
    expect(found.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 2, column: 7, code: 2322 },
      { line: 3, column: 43, code: 2551 },
      { line: 4, column: 20, code: 2345 },
      { line: 6, column: 15, code: 2339 },
    ]);
    expect(found[0]!.message).toBe("Type 'string' is not assignable to type 'number'.");
    expect(found[1]!.message).toMatch(/Property 'titel' does not exist .* Did you mean 'title'\?/);
    expect(code.slice(found[1]!.from, found[1]!.to)).toBe("titel");
  });

  it("shows the type under a position and completes the inferred fields", async () => {
    const code = "const items = nodes.fetch.output.items;\nreturn items;";
    const hover = await caller.code.hover({ code, declarations, offset: code.indexOf("items") });
    expect(hover?.type).toBe(
      "const items: {\n    id: number;\n    title: string;\n    tags: string[];\n}[]",
    );
    const partial = "return nodes.fetch.output.";
    const completions = await caller.code.complete({
      code: partial,
      declarations,
      offset: partial.length,
    });
    expect(completions?.entries.map((entry) => entry.name)).toEqual(["items", "total"]);
    const roots = await caller.code.complete({ code: "return nodes.", declarations, offset: 13 });
    expect(roots?.entries.map((entry) => entry.name)).toEqual(["fetch", "never"]);
  });

  it("reads no server file: relative imports and triple-slash references resolve to nothing", async () => {
    const code = [
      '/// <reference path="../node_modules/@types/node/index.d.ts" />',
      'import { env } from "../server/env";',
      "return [process.pid, env];",
    ].join("\n");
    const found = await check(code);
    expect(found.map((d) => d.message)).toEqual([
      "Cannot find module '../server/env' or its corresponding type declarations.",
      expect.stringMatching(/^Cannot find name 'process'/),
    ]);
  });

  it("stops a type that takes too long, and the next request gets a new checker", async () => {
    const slow = `type Dbl<T extends unknown[]> = [...T, ...T];
type R<N extends unknown[], A extends unknown[] = []> = A["length"] extends 999 ? A : R<N, [...A, N["length"]]>;
const z: R<Dbl<Dbl<Dbl<Dbl<[0]>>>>> = null as any; const s: string = z; return s;`;
    const limit = TYPECHECK_LIMITS.timeMs;
    TYPECHECK_LIMITS.timeMs = 300;
    try {
      await expect(check(slow)).rejects.toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        message: "Type checking took longer than 0.3 s and was stopped",
      });
    } finally {
      TYPECHECK_LIMITS.timeMs = limit;
    }
    expect(await check("const n: number = params.limit; return n;")).toEqual([]);
  });

  it("refuses input that is too large, naming the field", async () => {
    await expect(
      caller.code.check({ code: "x".repeat(100_001), declarations }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("code") });
  });
});
