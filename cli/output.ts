/** Where the CLI writes: results on stdout, everything else (progress, notices) on stderr. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** A terminal that can redraw a line (progress bars); false when piped, as in CI logs. */
  tty: boolean;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  tty: Boolean(process.stderr.isTTY),
};

/** `[########------------] 4/10` */
export function progressBar(done: number, total: number, width = 20): string {
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

/** Left-aligned columns. */
export function table(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
}
