import { z } from "zod";
import { flowIdSchema } from "./flow";
import { RUN_STATUSES, RUN_TRIGGERS } from "./run";

/** The API speaks statuses and triggers in lower case. */
const lowerEnum = (values: readonly string[]) =>
  z.enum(values.map((value) => value.toLowerCase()) as [string, ...string[]]);
const status = lowerEnum(RUN_STATUSES);

/** Request and response shapes of REST API v1; the OpenAPI document is generated from these. */
export const startRunBody = z.object({
  parameters: z.record(z.string(), z.unknown()).default({}),
  version: z.number().int().min(1).optional(),
});

export const listRunsQuery = z.object({
  flowId: flowIdSchema.optional(),
  status: status.optional(),
  trigger: lowerEnum(RUN_TRIGGERS).optional(),
  since: z.iso.datetime({ offset: true, error: "since must be an ISO 8601 date-time" }).optional(),
  until: z.iso.datetime({ offset: true, error: "until must be an ISO 8601 date-time" }).optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The longest a `GET /runs/{id}?wait=` may hold its answer for the run to end. */
export const MAX_RUN_WAIT_SECONDS = 60;

const waitError = `must be a whole number of seconds from 0 to ${MAX_RUN_WAIT_SECONDS}`;
export const getRunQuery = z.object({
  wait: z.coerce
    .number({ error: waitError })
    .int({ error: waitError })
    .min(0, { error: waitError })
    .max(MAX_RUN_WAIT_SECONDS, { error: waitError })
    .default(0),
});

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const flowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  latestVersion: z.number().int(),
  updatedAt: z.string(),
});

export const runSummary = z.object({
  id: z.string(),
  flowId: z.string(),
  version: z.number().int(),
  status,
  trigger: lowerEnum(RUN_TRIGGERS),
  parameters: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const runDetail = runSummary.extend({
  nodes: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      attempts: z.number().int(),
      output: z.unknown(),
      error: z.unknown(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    }),
  ),
});
