import { checkFlowFile, type Checked } from "../files";
import type { Output } from "../output";

/** Prints each file's problems; true when none has an error. */
export function report(checked: Checked[], output: Output): boolean {
  for (const result of checked) {
    if (!result.ok) {
      output.out(`✗ ${result.file}`);
      for (const error of result.errors) output.out(`    error   ${error}`);
    } else {
      output.out(
        `✓ ${result.file}${result.warnings.length ? ` (${result.warnings.length} warning(s))` : ""}`,
      );
      for (const warning of result.warnings) output.out(`    warning ${warning}`);
    }
  }
  return checked.every((result) => result.ok);
}

/** `weft validate <files…>`: the editor's checks, offline; exit 1 on any error. */
export function validate(files: string[], output: Output): number {
  return report(files.map(checkFlowFile), output) ? 0 : 1;
}
