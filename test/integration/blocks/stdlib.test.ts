import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runJavaScript } from "@/server/blocks/code";
import type { BlockError } from "@/server/blocks/types";
import { blockContext } from "./context";

const ts = async (code: string) =>
  (await runJavaScript(blockContext({ code, language: "typescript" }).ctx)).output;
const failure = (code: string) =>
  runJavaScript(blockContext({ code, language: "typescript" }).ctx).then(
    () => expect.fail("the code should have failed"),
    (error: unknown) => error as BlockError,
  );

describe("the code node's standard library", () => {
  it("lodash-es groups and sorts", async () => {
    const code = `import { groupBy, sortBy } from "lodash-es";
const people: { name: string; team: string }[] = [{ name: "b", team: "x" }, { name: "a", team: "x" }, { name: "c", team: "y" }];
return groupBy(sortBy(people, "name"), (p) => p.team);`;
    expect(await ts(code)).toEqual({
      x: [
        { name: "a", team: "x" },
        { name: "b", team: "x" },
      ],
      y: [{ name: "c", team: "y" }],
    });
  });

  it("date-fns formats a date in a time zone, summer time included", async () => {
    const code = `import { format } from "date-fns";
import { TZDate } from "@date-fns/tz";
const at = (iso: string, zone: string) => format(new TZDate(new Date(iso).getTime(), zone), "yyyy-MM-dd HH:mm XXX");
return [at("2026-01-15T12:00:00Z", "Asia/Tokyo"), at("2026-07-15T12:00:00Z", "America/New_York"), at("2026-01-15T12:00:00Z", "America/New_York")];`;
    expect(await ts(code)).toEqual([
      "2026-01-15 21:00 +09:00",
      "2026-07-15 08:00 -04:00",
      "2026-01-15 07:00 -05:00",
    ]);
  });

  it("papaparse reads CSV with a header, quotes included", async () => {
    const code = `import Papa from "papaparse";
const csv = 'name,amount\\n"Smith, J",12.5\\nLee,3';
const rows = Papa.parse<{ name: string; amount: number }>(csv, { header: true, dynamicTyping: true }).data;
return { rows, back: Papa.unparse(rows) };`;
    expect(await ts(code)).toEqual({
      rows: [
        { name: "Smith, J", amount: 12.5 },
        { name: "Lee", amount: 3 },
      ],
      back: 'name,amount\r\n"Smith, J",12.5\r\nLee,3',
    });
  });

  it("fast-xml-parser reads XML with attributes", async () => {
    const code = `import { XMLParser } from "fast-xml-parser";
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });
return parser.parse('<order id="7"><item sku="a">2</item><item sku="b">5</item></order>');`;
    expect(await ts(code)).toEqual({
      order: {
        id: "7",
        item: [
          { sku: "a", "#text": 2 },
          { sku: "b", "#text": 5 },
        ],
      },
    });
  });

  it("zod refuses bad data with the path of each issue", async () => {
    const code = `import { z } from "zod";
const Order = z.object({ id: z.number().int(), email: z.email() });
const good = Order.safeParse({ id: 1, email: "a@b.test" });
const bad = Order.safeParse({ id: 1.5, email: "nope" });
return { good: good.success, bad: bad.success, paths: bad.error?.issues.map((i) => i.path.join(".")) };`;
    expect(await ts(code)).toEqual({ good: true, bad: false, paths: ["id", "email"] });
  });

  it("uuid and @weft/crypto give fresh random values in every execution, and exact hashes", async () => {
    const code = `import { v4, validate } from "uuid";
import { hash, hmac, randomBytes, randomUUID, timingSafeEqual } from "@weft/crypto";
return {
  uuid: v4(), valid: validate(v4()), own: randomUUID(), random: Math.random(), bytes: randomBytes(8),
  values: Array.from(crypto.getRandomValues(new Uint8Array(4))),
  sha256: hash("sha256", "weft"), md5: hash("md5", "weft", "base64"),
  hmac: hmac("sha256", "key", "payload"), equal: timingSafeEqual("abc", "abc"), unequal: timingSafeEqual("abc", "abd"),
};`;
    const [first, second] = (await Promise.all([ts(code), ts(code)])) as Record<string, unknown>[];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(first).toMatchObject({ uuid: expect.stringMatching(uuid), valid: true, equal: true });
    expect(first!.own).toMatch(uuid);
    expect(first!.bytes).toMatch(/^[0-9a-f]{16}$/);
    expect(first!.unequal).toBe(false);
    expect(first!.sha256).toBe(createHash("sha256").update("weft").digest("hex"));
    expect(first!.md5).toBe(createHash("md5").update("weft").digest("base64"));
    expect(first!.hmac).toBe(createHmac("sha256", "key").update("payload").digest("hex"));
    // Every execution starts from the same image: randomness must still differ.
    for (const key of ["uuid", "own", "random", "bytes", "values"])
      expect(first![key], key).not.toEqual(second![key]);
  });

  it("refuses an unknown algorithm, an unknown zone and an import outside the list, clearly", async () => {
    expect(
      (await failure('import { hash } from "@weft/crypto";\nreturn hash("sha3" as any, "x");'))
        .message,
    ).toMatch(/Unknown algorithm "sha3": use one of md5, sha1, sha256, sha384, sha512/);
    // As in Node: @date-fns/tz turns an unknown zone into an invalid date.
    expect(
      await ts(
        'import { TZDate } from "@date-fns/tz";\nreturn isNaN(new TZDate(0, "Mars/Olympus").getTime());',
      ),
    ).toBe(true);
    expect((await failure('import axios from "axios";\nreturn axios;')).message).toContain(
      'Cannot import "axios": a code node may import only lodash-es',
    );
  });

  it("starts every execution from a pristine runtime: nothing one changes reaches the next", async () => {
    const spoil = `import * as _ from "lodash-es";
(globalThis as any).leak = "secret"; (Array.prototype as any).evil = 1; Math.max = () => 0;
JSON.stringify = () => "spoiled"; delete (console as any).log; return 1;`;
    await ts(spoil);
    await ts(spoil);
    const check = `import { sum } from "lodash-es";
console.log("still here");
return { leak: typeof (globalThis as any).leak, evil: "evil" in [], max: Math.max(1, 2), sum: sum([1, 2]) };`;
    const { ctx, logs } = blockContext({ code: check, language: "typescript" });
    expect((await runJavaScript(ctx)).output).toEqual({
      leak: "undefined",
      evil: false,
      max: 2,
      sum: 3,
    });
    expect(logs).toEqual([{ level: "info", message: "still here" }]);
  });

  it("isolates code without imports too (it runs in the smaller image)", async () => {
    await ts("(globalThis as any).leak = 1; Object.prototype.toString = () => 'x'; return 1;");
    expect(await ts("return [typeof (globalThis as any).leak, String({})];")).toEqual([
      "undefined",
      "[object Object]",
    ]);
  });

  it("puts a run-time error on the TypeScript line and column, through the import rewrite", async () => {
    const line4 =
      "const checked: Order = z.object({ id: z.string() }).parse(order, { reportInput: true });";
    const code = [
      'import { z } from "zod";',
      "interface Order { id: number }",
      "const order: Order = { id: 1 };",
      line4,
      "return checked;",
    ].join("\n");
    const error = await failure(code);
    expect(error.message).toMatch(/expected string, received number/);
    // QuickJS points at the call's parenthesis. Compiled, the line reads `const checked =
    // _zod.z.object(…)` (2 characters shorter before it): the column is the TypeScript source's.
    const column = line4.indexOf(".parse(") + ".parse(".length;
    expect(error.userFrame?.split("\n")[0]).toBe(`at your code (line 4:${column})`);
  });
});
