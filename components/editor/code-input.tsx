"use client";

import Prism from "prismjs";
import "prismjs/components/prism-javascript";
import "prismjs/components/prism-sql";
import Editor from "react-simple-code-editor";

// JSONata reads close enough to JavaScript for highlighting ($variables, strings, operators).
const GRAMMARS = { javascript: "javascript", jsonata: "javascript", sql: "sql" } as const;

interface Props {
  id: string;
  language: keyof typeof GRAMMARS;
  value: string;
  disabled: boolean;
  onChange(value: string): void;
  onFocus(): void;
}

/** A code field with syntax highlighting: a real textarea over highlighted text. */
export function CodeInput({ id, language, value, disabled, onChange, onFocus }: Props) {
  const grammar = Prism.languages[GRAMMARS[language]]!;
  return (
    <div className="weft-code rounded-md border border-zinc-300 bg-white font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950">
      <Editor
        textareaId={id}
        value={value}
        disabled={disabled}
        onFocus={onFocus}
        onValueChange={onChange}
        highlight={(code) => Prism.highlight(code, grammar, GRAMMARS[language])}
        padding={8}
        // Tab moves on to the next field, as everywhere else on the page (indent with spaces).
        ignoreTabKey
        style={{ minHeight: "8rem" }}
      />
    </div>
  );
}
