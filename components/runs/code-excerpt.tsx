/** The line and column a code error names (`line 2:9`), or null. */
export function errorPosition(frame: string): { line: number; column?: number } | null {
  const match = /line (\d+)(?::(\d+))?/.exec(frame);
  return match
    ? { line: Number(match[1]), ...(match[2] ? { column: Number(match[2]) } : {}) }
    : null;
}

/** Where a code node's error happened: its lines around it, that line marked, a caret at the column. */
export function CodeExcerpt({ code, frame }: { code: string; frame: string }) {
  const position = errorPosition(frame);
  if (!position) return null;
  const { line, column } = position;
  const lines = code.split("\n");
  if (line < 1 || line > lines.length) return null;
  const first = Math.max(1, line - 2);
  const shown = lines.slice(first - 1, Math.min(lines.length, line + 2));
  return (
    <figure
      aria-label={`Where the error was: line ${line}${column ? `, column ${column}` : ""}`}
      className="mt-1 overflow-x-auto rounded border border-zinc-200 font-mono text-xs dark:border-zinc-800"
    >
      {shown.map((text, index) => {
        const number = first + index;
        const here = number === line;
        return (
          <div key={number}>
            <div
              data-error-line={here || undefined}
              className={`flex gap-3 px-2 whitespace-pre ${here ? "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200" : ""}`}
            >
              <span className="w-6 shrink-0 text-right text-zinc-500 select-none">{number}</span>
              <span>{text || " "}</span>
            </div>
            {here && column && (
              <div aria-hidden="true" className="flex gap-3 px-2 whitespace-pre text-red-600">
                <span className="w-6 shrink-0" />
                <span>{" ".repeat(Math.max(0, column - 1))}^</span>
              </div>
            )}
          </div>
        );
      })}
    </figure>
  );
}
