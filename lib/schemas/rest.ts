import { z } from "zod";
import { RUN_STATUSES, RUN_TRIGGERS } from "./run";

/** Request and response shapes of REST API v1; the OpenAPI document is generated from these. */
export const startRunBody = z.object({
  parameters: z.record(z.string(), z.unknown()).default({}),
  version: z.number().int().min(1).optional(),
});

export const listRunsQuery = z.object({
  flowId: z.string().min(1).max(64).optional(),
  status: z.enum(RUN_STATUSES.map((s) => s.toLowerCase()) as [string, ...string[]]).optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
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

const status = z.enum(RUN_STATUSES.map((s) => s.toLowerCase()) as [string, ...string[]]);

export const runSummary = z.object({
  id: z.string(),
  flowId: z.string(),
  version: z.number().int(),
  status,
  trigger: z.enum(RUN_TRIGGERS.map((s) => s.toLowerCase()) as [string, ...string[]]),
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
