import { describe, expect, it } from "vitest";
import { resolveParameters } from "@/lib/flow/parameters";

const declared = [
  { name: "day", type: "string" as const, required: true, description: "" },
  { name: "limit", type: "number" as const, required: false, default: 10, description: "" },
  { name: "dry", type: "boolean" as const, required: false, description: "" },
  { name: "filter", type: "json" as const, required: false, description: "" },
];

describe("run parameters", () => {
  it("fills defaults and converts text from forms to the declared types", () => {
    expect(resolveParameters(declared, { day: "mon", dry: "true", filter: '{"a":1}' })).toEqual({
      ok: true,
      values: { day: "mon", limit: 10, dry: true, filter: { a: 1 } },
    });
    expect(resolveParameters(declared, { day: "x", limit: "25" })).toMatchObject({
      values: { limit: 25 },
    });
  });

  it.each([
    [{}, "parameters.day", "day is required"],
    [{ day: 5 }, "parameters.day", "day must be a string"],
    [{ day: "x", limit: "ten" }, "parameters.limit", "limit must be a number"],
    [{ day: "x", dry: "yes" }, "parameters.dry", "dry must be a boolean"],
    [{ day: "x", filter: "{oops" }, "parameters.filter", "filter must be a JSON value"],
    [{ day: "x", extra: 1 }, "parameters.extra", 'The flow has no parameter "extra"'],
  ])("refuses %j naming the field", (given, field, message) => {
    expect(resolveParameters(declared, given)).toEqual({ ok: false, field, message });
  });
});
