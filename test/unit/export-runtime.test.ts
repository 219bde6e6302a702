import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RUNTIME_SOURCE } from "@/lib/export/runtime-source";
import { runtimeText } from "@/lib/export/runtime-text";
import { jsLiteral } from "@/lib/export/typescript";

describe("export to TypeScript", () => {
  it("carries the current weft-runtime.ts (run `npm run export:runtime` after changing it)", () => {
    expect(RUNTIME_SOURCE).toBe(runtimeText(readFileSync("lib/export/weft-runtime.ts", "utf8")));
    expect(RUNTIME_SOURCE).not.toMatch(/^export /m);
  });

  it("writes values as short JavaScript literals, one key a line when long", () => {
    expect(jsLiteral({ method: "GET", "x-y": [1, null, true] })).toBe(
      '{ method: "GET", "x-y": [1, null, true] }',
    );
    expect(jsLiteral({ text: "a".repeat(70), n: 1 })).toBe(
      `{\n  text: "${"a".repeat(70)}",\n  n: 1,\n}`,
    );
    expect(jsLiteral({})).toBe("{}");
  });
});
