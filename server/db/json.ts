import type { Prisma } from "./generated/client";

/** A value in the shape Prisma stores as a JSON column (undefined becomes null). */
export const asJson = (value: unknown) => (value ?? null) as Prisma.InputJsonValue;
