/** The shape of a tRPC error as the client receives it (see server/api/trpc.ts). */
interface ApiErrorShape {
  message: string;
  data?: {
    field?: string | null;
    fieldErrors?: Record<string, string[] | undefined> | null;
  } | null;
}

/** The message for one form field, from the field errors of a failed request. */
export function fieldError(error: unknown, field: string): string | undefined {
  const data = (error as ApiErrorShape | null)?.data;
  if (data?.fieldErrors?.[field]?.[0]) return data.fieldErrors[field][0];
  if (data?.field === field) return (error as ApiErrorShape).message;
  return undefined;
}

/** The message of a failed request that belongs to no single field. */
export function formError(error: unknown): string | undefined {
  if (!error) return undefined;
  const data = (error as ApiErrorShape).data;
  if (data?.fieldErrors || data?.field) return undefined;
  return (error as ApiErrorShape).message ?? "Something went wrong";
}
