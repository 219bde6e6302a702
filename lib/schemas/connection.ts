import { z } from "zod";
import { CONNECTION_TYPE_IDS, connectionNameSchema } from "../connections/types";

const connectionType = z.enum(
  CONNECTION_TYPE_IDS,
  `type must be one of ${CONNECTION_TYPE_IDS.join(", ")}`,
);
/** A connection's field values by key (lib/connections/types.ts checks them per type). */
export const connectionValuesSchema = z.record(z.string(), z.unknown(), "values must be an object");

export const createConnectionInput = z.object({
  type: connectionType,
  name: connectionNameSchema,
  values: connectionValuesSchema,
});

export const updateConnectionInput = z.object({
  connectionId: z.string().min(1),
  name: connectionNameSchema.optional(),
  /** Fields left out keep their value; so do secret fields sent empty. */
  values: connectionValuesSchema.optional(),
});

export const testConnectionInput = z.object({
  type: connectionType,
  values: connectionValuesSchema,
  /** The saved connection whose secrets stand in for those left empty (editing it). */
  connectionId: z.string().min(1).optional(),
});

/** A connection as the API shows it: never a secret's value, only which secrets are set. */
export const connectionView = z.object({
  id: z.string(),
  type: connectionType,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
  updatedAt: z.string(),
});
