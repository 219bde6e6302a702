"use client";

import {
  autocompletion,
  closeBrackets,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { sql } from "@codemirror/lang-sql";
import { bracketMatching, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, RangeSetBuilder, type Extension } from "@codemirror/state";
import { Decoration, EditorView, keymap } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { forceLinting } from "@codemirror/lint";
import type { TypeService } from "@/lib/code/types";
import type { PathCompletion } from "@/lib/expressions/completions";
import { typedCompletion, typeExtensions } from "./code-types";

// JSONata reads close enough to JavaScript for highlighting ($variables, strings, operators).
const LANGUAGES: Record<Props["language"], () => Extension> = {
  typescript: () => javascript({ typescript: true }),
  javascript: () => javascript(),
  jsonata: () => javascript(),
  sql: () => sql(),
};

/** Where an error is in the field's text (1-based), to be marked. */
export interface ErrorMark {
  line: number;
  column?: number;
}

interface Props {
  /** The id of the element that labels the field. */
  labelId: string;
  language: "typescript" | "javascript" | "jsonata" | "sql";
  value: string;
  disabled: boolean;
  invalid?: boolean;
  describedBy?: string;
  onChange(value: string): void;
  onFocus(): void;
  /** Completes the path before the cursor (its text on the cursor's line). */
  complete?(before: string): PathCompletion | null;
  error?: ErrorMark | null;
  /** For TypeScript: type errors, types on hover and completion from the type checker. */
  types?: TypeService | null;
}

/** The error's line, shaded, and its column, underlined. */
function errorDecorations(state: EditorState, error: ErrorMark | null | undefined) {
  const builder = new RangeSetBuilder<Decoration>();
  if (error && error.line >= 1 && error.line <= state.doc.lines) {
    const line = state.doc.line(error.line);
    builder.add(line.from, line.from, Decoration.line({ class: "cm-error-line" }));
    if (error.column && error.column <= line.length) {
      const at = line.from + error.column - 1;
      builder.add(at, Math.min(line.to, at + 1), Decoration.mark({ class: "cm-error-mark" }));
    }
  }
  return EditorView.decorations.of(builder.finish());
}

const theme = EditorView.theme({
  "&": { minHeight: "8rem", fontSize: "12px" },
  ".cm-content": { padding: "8px 0", minHeight: "8rem", fontFamily: "inherit" },
  ".cm-line": { padding: "0 8px" },
});

/**
 * A code field (CodeMirror 6): highlighting, bracket matching, undo, completion of `params.`,
 * `nodes.<id>.output.…`, `secrets.` and `run.` paths from sample data, and the error's line
 * marked. TypeScript adds the type checker: type errors underlined (warnings), types on hover,
 * completion of members. Tab moves on to the next field, as everywhere else on the page.
 */
export function CodeInput(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The editor's callbacks read the latest props (it is created once per field).
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const [editable] = useState(() => new Compartment());
  const [marks] = useState(() => new Compartment());
  const [aria] = useState(() => new Compartment());

  const ariaAttributes = () =>
    EditorView.contentAttributes.of({
      "aria-labelledby": latest.current.labelId,
      ...(latest.current.invalid ? { "aria-invalid": "true" } : {}),
      ...(latest.current.describedBy ? { "aria-describedby": latest.current.describedBy } : {}),
    });
  const editability = () => [
    EditorView.editable.of(!latest.current.disabled),
    EditorState.readOnly.of(latest.current.disabled),
  ];

  useEffect(() => {
    const source = (context: CompletionContext): CompletionResult | null => {
      const line = context.state.doc.lineAt(context.pos);
      const found = latest.current.complete?.(line.text.slice(0, context.pos - line.from));
      if (!found) return null;
      return {
        from: line.from + found.from,
        options: found.options.map((option) => ({
          label: option.label,
          displayLabel: option.display,
          detail: option.detail,
          type: "property",
        })),
        validFor: /^[\w$]*$/,
      };
    };
    const typescript = latest.current.language === "typescript";
    const types = () => latest.current.types;
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          LANGUAGES[latest.current.language](),
          syntaxHighlighting(classHighlighter),
          history(),
          bracketMatching(),
          closeBrackets(),
          autocompletion({
            override: [typescript ? typedCompletion(types, source) : source],
            icons: false,
          }),
          typescript ? typeExtensions(types) : [],
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          theme,
          editable.of(editability()),
          marks.of(errorDecorations(EditorState.create(), null)),
          aria.of(ariaAttributes()),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
            if (update.focusChanged && update.view.hasFocus) latest.current.onFocus();
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The language is fixed for a field; everything else is reconfigured below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A change from outside (undo on the canvas, a reference inserted): replace the text.
  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== props.value)
      current.dispatch({
        changes: { from: 0, to: current.state.doc.length, insert: props.value },
      });
  }, [props.value]);
  useEffect(() => {
    const current = view.current;
    current?.dispatch({
      effects: [
        editable.reconfigure(editability()),
        aria.reconfigure(ariaAttributes()),
        marks.reconfigure(errorDecorations(current.state, props.error)),
      ],
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.disabled, props.invalid, props.describedBy, props.labelId, props.error, props.value]);

  // New globals (the sample arrived, a parent changed): check the code again.
  useEffect(() => {
    if (view.current && props.types) forceLinting(view.current);
  }, [props.types]);

  return (
    <div
      ref={host}
      data-language={props.language}
      className="weft-code rounded-md border border-zinc-300 bg-white font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
    />
  );
}
