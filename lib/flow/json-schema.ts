import { z } from "zod";
import { flowDocumentSchema } from "./document";

/** The flow document as JSON Schema (draft 2020-12), for docs/flow-document.schema.json. */
export function flowDocumentJsonSchema() {
  return {
    title: "Weft flow document",
    ...z.toJSONSchema(flowDocumentSchema, { io: "input", unrepresentable: "any" }),
  };
}
