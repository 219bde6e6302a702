import { Cron } from "croner";
import { z } from "zod";
import { compile, type Expression } from "./expression";
import { parseDuration } from "./time";

/** Options of Inngest's function config that this server does not implement: refused, never ignored. */
const UNSUPPORTED = [
  "idempotency",
  "batchEvents",
  "rateLimit",
  "throttle",
  "debounce",
  "priority",
  "singleton",
] as const;

const DEFAULT_RETRIES = 4;

const trigger = z.union([
  z.object({ event: z.string().min(1), expression: z.string().optional() }).strict(),
  z.object({ cron: z.string().min(1) }).strict(),
]);

const concurrencyItem = z
  .object({
    limit: z.number().int().min(0),
    key: z.string().optional(),
    scope: z.literal("fn").optional(),
  })
  .strict();

export const functionConfigSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    triggers: z.array(trigger).min(1, "needs at least one trigger"),
    steps: z.record(
      z.string(),
      z.object({
        id: z.string(),
        name: z.string().optional(),
        runtime: z.object({
          type: z.literal("http", "only HTTP functions are supported"),
          url: z.url(),
        }),
        retries: z.object({ attempts: z.number().int().min(0).max(20) }).optional(),
      }),
    ),
    concurrency: z
      .preprocess(
        (value) =>
          typeof value === "number"
            ? [{ limit: value }]
            : value && !Array.isArray(value)
              ? [value]
              : value,
        z.array(concurrencyItem).max(1, "only one concurrency limit is supported"),
      )
      .optional(),
    timeouts: z
      .object({ start: z.string().optional(), finish: z.string().optional() })
      .strict()
      .optional(),
    cancel: z
      .array(
        z
          .object({
            event: z.string().min(1),
            if: z.string().optional(),
            timeout: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .passthrough();

export type FunctionConfig = z.infer<typeof functionConfigSchema>;

/** A registered function, compiled for the executor. */
export interface RegisteredFunction {
  id: string;
  url: string;
  /** Retries per step (and for the function's own code between steps). */
  retries: number;
  events: { name: string; expression?: Expression }[];
  crons: { schedule: Cron; source: string }[];
  concurrency?: { limit: number; key?: Expression };
  cancel: { event: string; expression?: Expression; timeoutMs?: number }[];
  /** The `timeouts` option in milliseconds. */
  timeouts: { start?: number; finish?: number };
  config: FunctionConfig;
}

const CRON_FIELDS = [
  { name: "minute", names: false },
  { name: "hour", names: false },
  { name: "day of month", names: false },
  { name: "month", names: true },
  { name: "day of week", names: true },
];

/**
 * `TZ=Europe/Paris 0 9 * * *` → a schedule in that zone. Strictly five fields, as Inngest's
 * parser (robfig/cron, minute to day of week): no seconds, `L`, `W`, `#` or `@daily`.
 */
export function parseCron(source: string): Cron {
  const match = /^(?:(?:TZ|CRON_TZ)=(\S+)\s+)?(.+)$/.exec(source.trim());
  const fields = (match?.[2] ?? "").trim().split(/\s+/);
  if (fields.length !== 5)
    throw new Error(
      `needs five fields (minute hour day-of-month month day-of-week), not ${fields.length}`,
    );
  fields.forEach((field, index) => {
    const spec = CRON_FIELDS[index]!;
    const atom = spec.names ? "(?:\\d+|[A-Za-z]{3})" : "\\d+";
    const part = `(?:\\*|\\?|${atom}(?:-${atom})?)(?:/\\d+)?`;
    if (!new RegExp(`^${part}(?:,${part})*$`).test(field))
      throw new Error(`"${field}" is not a valid ${spec.name} field`);
  });
  return new Cron(fields.join(" "), { timezone: match?.[1], paused: true });
}

function duration(fnId: string, where: string, text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new Error(`Function ${fnId}: ${where}: ${(error as Error).message}`);
  }
}

function compileIn(fnId: string, where: string, source: string, roots?: string[]): Expression {
  try {
    return compile(source, roots);
  } catch (error) {
    throw new Error(`Function ${fnId}: ${where} "${source}": ${(error as Error).message}`);
  }
}

/** Validates one function config from a registration; throws a message naming the function and option. */
export function compileFunction(raw: unknown): RegisteredFunction {
  const fnId = (raw as { id?: unknown })?.id;
  const parsed = functionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `Function ${String(fnId ?? "?")}: ${issue.path.join(".") || "config"}: ${issue.message}`,
    );
  }
  const config = parsed.data;
  for (const option of UNSUPPORTED) {
    if (config[option] !== undefined && config[option] !== null) {
      throw new Error(
        `Function ${config.id}: the "${option}" option is not supported by Weft's local Inngest server`,
      );
    }
  }
  const step = Object.values(config.steps)[0];
  if (!step) throw new Error(`Function ${config.id}: steps: needs the function's URL`);
  const limit = config.concurrency?.[0];

  const events = config.triggers.flatMap((t) =>
    "event" in t
      ? [
          {
            name: t.event,
            expression: t.expression
              ? compileIn(config.id, "trigger expression", t.expression, ["event"])
              : undefined,
          },
        ]
      : [],
  );
  const crons = config.triggers.flatMap((t) => {
    if (!("cron" in t)) return [];
    try {
      return [{ schedule: parseCron(t.cron), source: t.cron }];
    } catch (error) {
      throw new Error(`Function ${config.id}: cron "${t.cron}": ${(error as Error).message}`);
    }
  });
  return {
    id: config.id,
    url: step.runtime.url,
    retries: step.retries?.attempts ?? DEFAULT_RETRIES,
    events,
    crons,
    concurrency:
      limit && limit.limit > 0
        ? {
            limit: limit.limit,
            key: limit.key
              ? compileIn(config.id, "concurrency key", limit.key, ["event"])
              : undefined,
          }
        : undefined,
    cancel: (config.cancel ?? []).map((c) => ({
      event: c.event,
      expression: c.if ? compileIn(config.id, "cancel expression", c.if) : undefined,
      timeoutMs: duration(config.id, "cancel timeout", c.timeout),
    })),
    timeouts: {
      start: duration(config.id, "timeouts.start", config.timeouts?.start),
      finish: duration(config.id, "timeouts.finish", config.timeouts?.finish),
    },
    config,
  };
}
