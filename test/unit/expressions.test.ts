import { describe, expect, it } from "vitest";
import { ExpressionError, resolveConfig, type ExpressionScope } from "@/lib/expressions/evaluate";
import { childPath } from "@/lib/expressions/path";
import { redact } from "@/lib/expressions/redact";

const scope: ExpressionScope = {
  params: { date: "2026-01-01", limit: 5 },
  nodes: { fetch: { output: { items: [{ id: 1 }, { id: 2 }], status: 200 } } },
  secrets: { API_KEY: "sk_live_abcdef" },
  run: { id: "run-1", flow: "flow-1", startedAt: "2026-01-01T00:00:00Z", trigger: "manual" },
};

describe("resolveConfig", () => {
  it("keeps the type of a field that is exactly one expression", async () => {
    const resolved = await resolveConfig(
      {
        items: "{{ nodes.fetch.output.items }}",
        limit: "{{ params.limit }}",
        ok: "{{ nodes.fetch.output.status = 200 }}",
      },
      scope,
      "load",
    );
    expect(resolved).toEqual({ items: [{ id: 1 }, { id: 2 }], limit: 5, ok: true });
  });

  it("interpolates expressions inside text, also in nested objects and lists", async () => {
    const resolved = await resolveConfig(
      {
        url: "https://api.test/items?date={{ params.date }}&n={{ $count(nodes.fetch.output.items) }}",
        headers: [{ key: "Authorization", value: "Bearer {{ secrets.API_KEY }}" }],
      },
      scope,
      "call",
    );
    expect(resolved).toEqual({
      url: "https://api.test/items?date=2026-01-01&n=2",
      headers: [{ key: "Authorization", value: "Bearer sk_live_abcdef" }],
    });
  });

  it("leaves plain values alone", async () => {
    expect(await resolveConfig({ method: "GET", retries: 3, flag: true }, scope, "n")).toEqual({
      method: "GET",
      retries: 3,
      flag: true,
    });
  });

  it("names the node, field and expression when one fails", async () => {
    const error = await resolveConfig(
      { headers: { x: "{{ $undefinedFunction() }}" } },
      scope,
      "call",
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toMatch(
      /^Node "call", field config\.headers\.x: \{\{ \$undefinedFunction\(\) \}\}: /,
    );
  });

  it("stops a runaway expression at its time limit, naming it", async () => {
    const started = Date.now();
    const error = await resolveConfig(
      { body: "{{ ( $loop := function($i) { $i < 1e12 ? $loop($i + 1) : $i }; $loop(0) ) }}" },
      scope,
      "spin",
    ).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toMatch(
      /^Node "spin", field config\.body: .*ran longer than 1000 ms/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("reports a syntax error and a missing reference", async () => {
    await expect(resolveConfig({ url: "{{ nodes.fetch.output.( }}" }, scope, "n")).rejects.toThrow(
      /field config\.url: \{\{ nodes\.fetch\.output\.\( \}\}/,
    );
    // A reference to nothing is undefined: a whole field becomes undefined, text becomes "".
    expect(
      await resolveConfig(
        { a: "{{ nodes.nope.output }}", b: "x{{ nodes.nope.output }}y" },
        scope,
        "n",
      ),
    ).toEqual({ a: undefined, b: "xy" });
  });
});

describe("redact", () => {
  it("replaces secret values anywhere in text or JSON", () => {
    const secrets = { API_KEY: "sk_live_abcdef", SHORT: "abc" };
    expect(redact("calling with sk_live_abcdef failed", secrets)).toBe(
      "calling with [secret:API_KEY] failed",
    );
    expect(redact({ headers: ["Bearer sk_live_abcdef"], n: 1, abc: "abc" }, secrets)).toEqual({
      headers: ["Bearer [secret:API_KEY]"],
      n: 1,
      abc: "abc",
    });
  });

  it("replaces the longer of two overlapping secrets first", () => {
    expect(redact("token=abcd1234xyz", { PART: "abcd", FULL: "abcd1234xyz" })).toBe(
      "token=[secret:FULL]",
    );
  });
});

describe("redact: the encodings a value commonly passes through", () => {
  const secret = "hunter2-Pa$$ word/é";
  const secrets = { DB_PASSWORD: secret };
  const leaks = (text: string) => {
    const cleaned = redact(text, secrets);
    expect(cleaned).toContain("[secret:DB_PASSWORD]");
    return cleaned;
  };

  it.each([
    ["upper case", secret.toUpperCase()],
    ["base64", Buffer.from(secret).toString("base64")],
    ["base64url", Buffer.from(secret).toString("base64url")],
    ["hex", Buffer.from(secret).toString("hex")],
    ["HEX", Buffer.from(secret).toString("hex").toUpperCase()],
    ["URL-encoding", encodeURIComponent(secret)],
    ["form encoding", new URLSearchParams({ p: secret }).toString()],
    ["JSON escaping", JSON.stringify({ p: secret })],
  ])("finds it %s", (_, text) => {
    leaks(`before ${text} after`);
  });

  it("finds it inside a longer base64 text at any alignment (a Basic authorization header)", () => {
    for (const user of ["a", "ab", "abc", "admin"]) {
      const header = `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
      const cleaned = leaks(header);
      expect(cleaned).not.toContain(Buffer.from(secret).toString("base64").slice(4, 12));
    }
  });

  it("leaves text without the secret alone", () => {
    const text = "an ordinary log line with base64 aGVsbG8gd29ybGQ= and hex 0a0b0c";
    expect(redact(text, secrets)).toBe(text);
  });
});

describe("childPath", () => {
  it("builds paths that evaluate back to the value they point at, odd names included", async () => {
    const data = {
      nodes: {
        fetch: { output: { items: [{ id: 7 }], "order id": "A-1", $price: 3, "x-y": true } },
      },
    };
    const root = "nodes.fetch.output";
    const cases: [string, unknown][] = [
      [childPath(childPath(childPath(root, "items"), 0), "id"), 7],
      [childPath(root, "order id"), "A-1"],
      [childPath(root, "$price"), 3],
      [childPath(root, "x-y"), true],
    ];
    expect(cases.map(([path]) => path)).toEqual([
      "nodes.fetch.output.items[0].id",
      "nodes.fetch.output.`order id`",
      "nodes.fetch.output.`$price`",
      "nodes.fetch.output.`x-y`",
    ]);
    for (const [path, value] of cases)
      expect(await resolveConfig({ field: `{{ ${path} }}` }, data as never, "copy")).toEqual({
        field: value,
      });
  });
});
