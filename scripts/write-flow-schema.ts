// npm run docs:flow-schema – regenerates docs/flow-document.schema.json from the zod schema.
import { writeFileSync } from "node:fs";
import { flowDocumentJsonSchema } from "../lib/flow/json-schema";

writeFileSync(
  "docs/flow-document.schema.json",
  `${JSON.stringify(flowDocumentJsonSchema(), null, 2)}\n`,
);
console.log("Wrote docs/flow-document.schema.json");
