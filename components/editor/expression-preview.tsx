"use client";

import { useEffect, useState } from "react";
import { isRawField, type FieldSpec } from "@/lib/blocks/fields";
import { expressionSource, resolveConfig, timeboxed } from "@/lib/expressions/evaluate";
import { hasExpression } from "@/lib/expressions/template";
import type { PreviewScope } from "./use-sample";

type Preview = { ok: true; value: unknown } | { ok: false; message: string };

/** Evaluates a field's text as the engine would, over sample data. */
async function evaluateField(field: FieldSpec, text: string, scope: PreviewScope, nodeId: string) {
  if (isRawField(field)) {
    const source = field.kind === "code" ? text : expressionSource(text);
    return timeboxed(source).evaluate(scope);
  }
  const { value } = await resolveConfig({ value: text }, scope, nodeId);
  return value;
}

const shown = (value: unknown) => {
  const text = value === undefined ? "no value" : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** Whether a field gets a live preview: JSONata code and expressions, and text with `{{ }}`. */
export const previewable = (field: FieldSpec, text: string) =>
  (field.kind === "code" && field.language === "jsonata") ||
  (field.kind === "text" && field.raw === true) ||
  (field.kind === "text" && hasExpression(text));

/**
 * Under a field: its value evaluated over the sample data (the latest run or test, pinned data
 * first) as it is typed, or the error. Secrets show as `<secret NAME>`, never their values.
 */
export function ExpressionPreview({
  field,
  text,
  scope,
  nodeId,
}: {
  field: FieldSpec;
  text: string;
  scope: PreviewScope;
  nodeId: string;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      evaluateField(field, text, scope, nodeId).then(
        (value) => current && setPreview({ ok: true, value }),
        (error: unknown) =>
          current && setPreview({ ok: false, message: (error as Error).message ?? String(error) }),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [field, text, scope, nodeId]);
  if (!text.trim() || !preview) return null;
  return (
    <p
      aria-label={`Preview of ${field.label}`}
      aria-live="polite"
      className={`rounded px-1.5 py-0.5 font-mono text-[11px] break-all ${preview.ok ? "bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400" : "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300"}`}
    >
      {preview.ok ? `= ${shown(preview.value)}` : `Error: ${preview.message}`}
    </p>
  );
}
