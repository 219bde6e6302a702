import { z } from "zod";

/** Limits that keep a document small enough to edit, store and run. */
export const LIMITS = { nodes: 1000, edges: 4000, configDepth: 8, idLength: 64 } as const;
/** Inngest's longest sleep: a run's time limit can be no longer. */
export const MAX_GIVE_UP_SECONDS = 366 * 86_400;

const id = z
  .string()
  .min(1, "must not be empty")
  .max(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`)
  .regex(/^[A-Za-z][\w-]*$/, "must start with a letter and use only letters, digits, _ and -");

function depth(value: unknown): number {
  if (!value || typeof value !== "object") return 0;
  const children = Object.values(value as object);
  return 1 + (children.length ? Math.max(...children.map(depth)) : 0);
}

const config = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => depth(value) <= LIMITS.configDepth,
    `must not nest deeper than ${LIMITS.configDepth} levels`,
  );

export const PARAMETER_TYPES = ["string", "number", "boolean", "json"] as const;

export const parameterSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z_]\w*$/, "must be a name like `date` or `max_items`")
    .describe("Referenced as params.<name>"),
  type: z.enum(PARAMETER_TYPES),
  default: z.unknown().optional(),
  required: z.boolean().default(false),
  description: z.string().max(500).default(""),
});

export const nodeSchema = z.object({
  id: id.describe("Unique within the flow; referenced as nodes.<id>.output"),
  block: z
    .string()
    .min(1, "must name a block")
    .describe("Block id from the catalog, e.g. http.request"),
  name: z.string().min(1, "must not be empty").max(100),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  config: config.default({}),
  retries: z.number().int().min(0).max(20).default(0),
  retryDelaySeconds: z.number().min(0).max(86_400).default(10),
  timeoutSeconds: z.number().min(1).max(86_400).optional(),
  cache: z
    .object({ key: z.string().min(1), ttlSeconds: z.number().int().min(1).max(31_536_000) })
    .optional(),
});

export const edgeSchema = z.object({
  id: id,
  source: z.string().min(1),
  target: z.string().min(1),
  /** `"true"`/`"false"` out of a condition, `"error"` for a failure route, else null. */
  sourceHandle: z.enum(["true", "false", "error"]).nullable().default(null),
});

export const noteSchema = z.object({
  id: id,
  text: z.string().max(2000),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
});

/** The one shape of a flow: canvas, API, import/export and engine (docs/flow-format.md). */
export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(1, "must be 1"),
  name: z.string().trim().min(1, "must not be empty").max(100),
  description: z.string().max(2000).default(""),
  parameters: z.array(parameterSchema).max(50).default([]),
  /** A run still going this long after it was requested fails ("gave up"); none when unset. */
  giveUpAfterSeconds: z
    .number("must be a number of seconds")
    .int("must be whole seconds")
    .min(60, "must be at least a minute")
    .max(MAX_GIVE_UP_SECONDS, "must be at most 366 days")
    .optional(),
  nodes: z.array(nodeSchema).max(LIMITS.nodes, `a flow has at most ${LIMITS.nodes} nodes`),
  edges: z.array(edgeSchema).max(LIMITS.edges, `a flow has at most ${LIMITS.edges} edges`),
  notes: z.array(noteSchema).max(200).default([]),
});

export type FlowDocument = z.infer<typeof flowDocumentSchema>;
export type FlowNode = z.infer<typeof nodeSchema>;
export type FlowEdge = z.infer<typeof edgeSchema>;
export type FlowParameter = z.infer<typeof parameterSchema>;

export const emptyDocument = (name: string): FlowDocument => ({
  schemaVersion: 1,
  name,
  description: "",
  parameters: [],
  nodes: [],
  edges: [],
  notes: [],
});

/** `nodes[3].config.url` style path of a zod issue, as people read it. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
}
