/** Exit codes, for CI: 0 done, 1 the work failed (problems, a failed run, a conflict). */
export const EXIT = { ok: 0, failed: 1, usage: 2, api: 3 } as const;

/** An error the CLI reports in one line and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.failed,
  ) {
    super(message);
  }
}
