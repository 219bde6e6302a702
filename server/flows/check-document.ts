import "server-only";
import { MAX_DOCUMENT_BYTES } from "@/lib/schemas/flow";
import type { FlowDocument } from "@/lib/flow/document";
import { validateFlowDocument } from "@/lib/flow/validate";
import { AppError } from "../errors";

/** A valid flow document, or an AppError naming the first problem's path. */
export function checkDocument(raw: unknown): FlowDocument {
  const bytes = Buffer.byteLength(JSON.stringify(raw ?? null));
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The flow document is ${(bytes / 1048576).toFixed(1)} MB; the limit is 2 MB`,
      "document",
    );
  }
  const result = validateFlowDocument(raw);
  if (!result.ok) {
    const [first, ...rest] = result.errors;
    const more = rest.length ? ` (and ${rest.length} more)` : "";
    throw new AppError(
      "BAD_REQUEST",
      `${first!.path}: ${first!.message}${more}`,
      `document.${first!.path}`,
    );
  }
  return result.document;
}
