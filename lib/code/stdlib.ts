/**
 * The modules a code node may `import`: bundled into the sandbox when a worker starts, so an
 * import costs nothing at run time. Anything else is refused at save (see lib/flow/problems.ts).
 * Keep in step with server/blocks/sandbox/stdlib/entry.ts and docs/blocks.md.
 */
export const STDLIB = [
  { name: "lodash-es", summary: "collections and objects: groupBy, sortBy, chunk, merge…" },
  { name: "date-fns", summary: "dates: format, parse, add, differences" },
  { name: "@date-fns/tz", summary: "time zones: TZDate, tz() for date-fns" },
  { name: "papaparse", summary: "CSV: Papa.parse, Papa.unparse" },
  { name: "fast-xml-parser", summary: "XML: XMLParser, XMLBuilder" },
  { name: "zod", summary: "schemas: z.object(…).parse" },
  { name: "uuid", summary: "ids: v4, v7, validate" },
  { name: "@weft/crypto", summary: "hash, hmac, randomBytes, randomUUID, timingSafeEqual" },
] as const;

export type StdlibModule = (typeof STDLIB)[number]["name"];

const names: readonly string[] = STDLIB.map((module) => module.name);

export const isStdlibModule = (name: string): name is StdlibModule => names.includes(name);

/** Why `name` cannot be imported, naming what can. */
export const importRefusal = (name: string) =>
  `Cannot import "${name}": a code node may import only ${names.join(", ")}`;
