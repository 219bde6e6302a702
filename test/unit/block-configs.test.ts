import { describe, expect, it } from "vitest";
import { BLOCKS, type BlockDefinition } from "@/lib/blocks/catalog";
import type { FieldSpec } from "@/lib/blocks/fields";
import { validateFlowDocument } from "@/lib/flow/validate";
import { runtimeOf } from "@/server/blocks/registry";
import { flowDocument, node } from "../factories/flow-document";

const WRONG: Record<FieldSpec["kind"], unknown> = {
  text: 42,
  code: 42,
  number: "forty-two",
  select: "NOT-AN-OPTION",
  switch: "yes",
  json: undefined,
  keyvalue: "a=b",
  secret: "lower case",
  flow: 42,
  connection: 42,
};
const DURABLE = ["flow.delay", "flow.approval", "flow.subflow", "flow.block"];

describe.each(Object.values(BLOCKS) as BlockDefinition[])("block $id", (block) => {
  it("has a runtime: a step, or a durable orchestration for the blocks that wait", () => {
    expect(runtimeOf(block.id)?.kind).toBe(DURABLE.includes(block.id) ? "durable" : "step");
  });

  it("accepts its defaults when required fields are filled", () => {
    const config = { ...block.defaults };
    const result = validateFlowDocument(
      flowDocument({ nodes: [node("a", { block: block.id, config })], edges: [] }),
    );
    expect(result.ok).toBe(true);
  });

  it.each(
    block.fields
      .filter((field) => WRONG[field.kind] !== undefined)
      .map((field) => [field.key, field] as const),
  )("refuses a wrong value for %s at save, naming the field", (key, field) => {
    const config = { ...block.defaults, [key]: WRONG[field.kind] };
    const result = validateFlowDocument(
      flowDocument({ nodes: [node("a", { block: block.id, config })], edges: [] }),
    );
    expect(result).toMatchObject({ ok: false, errors: [{ path: `nodes[0].config.${key}` }] });
  });
});
