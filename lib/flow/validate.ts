import { flowDocumentSchema, issuePath, type FlowDocument } from "./document";
import { findProblems, type Problem } from "./problems";

export type Validation =
  | { ok: true; document: FlowDocument; warnings: Problem[] }
  | { ok: false; errors: { path: string; message: string }[] };

/** Parses and checks a document as a save or an import does: schema first, then graph and configs. */
export function validateFlowDocument(raw: unknown): Validation {
  const parsed = flowDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues
        .slice(0, 20)
        .map((issue) => ({ path: issuePath(issue.path) || "document", message: issue.message })),
    };
  }
  const problems = findProblems(parsed.data);
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length)
    return {
      ok: false,
      errors: errors
        .slice(0, 20)
        .map((problem) => ({ path: problem.path ?? "document", message: problem.message })),
    };
  return { ok: true, document: parsed.data, warnings: problems };
}
