import path from "node:path";
import { describeChange, fieldChanges } from "@/lib/flow/field-diff";
import { flowDocumentSchema } from "@/lib/flow/document";
import { ApiError, type Api } from "../api";
import { checkFlowFile, normalized, readManifest, writeManifest } from "../files";
import type { Output } from "../output";
import { report } from "./validate";

export interface PushOptions {
  dryRun: boolean;
  acceptBreaking: boolean;
  /** What changed: every saved version's message (e.g. the commit's subject). */
  message?: string;
}

/**
 * `weft push [files…]`: checks every file offline first (nothing is sent if one fails), then saves
 * a new version of each flow whose document changed, guarded by the version last pulled
 * (`If-Match`), so an edit made in the browser since is never overwritten. A file not in the
 * manifest creates a flow.
 */
export async function push(api: Api, files: string[], options: PushOptions, output: Output) {
  const checked = files.map(checkFlowFile);
  if (
    !report(
      checked.filter((c) => !c.ok || c.warnings.length),
      output,
    )
  ) {
    output.err("Nothing was pushed: fix the errors above first.");
    return 1;
  }
  let failed = 0;
  let saved = 0;
  for (const result of checked) {
    if (!result.ok) continue;
    const dir = path.dirname(result.file);
    const name = path.basename(result.file);
    const manifest = readManifest(dir);
    const entry = manifest.flows[name];
    if (!entry) {
      if (options.dryRun) {
        output.out(`${name}: would create the flow "${result.document.name}"`);
        continue;
      }
      const created = await api.createFlow(result.document);
      manifest.flows[name] = { id: created.id, version: created.latestVersion };
      writeManifest(dir, manifest);
      output.out(`${name}: created flow ${created.id} (version ${created.latestVersion})`);
      saved++;
      continue;
    }
    const current = await api.getFlow(entry.id);
    if (normalized(current.document) === normalized(result.document)) {
      output.out(`${name}: unchanged (version ${current.version})`);
      if (current.version !== entry.version && !options.dryRun) {
        manifest.flows[name] = { ...entry, version: current.version };
        writeManifest(dir, manifest);
      }
      continue;
    }
    if (options.dryRun) {
      const changes = fieldChanges(flowDocumentSchema.parse(current.document), result.document);
      output.out(`${name}: ${changes.length} change(s) against version ${current.version}`);
      for (const change of changes) output.out(`  ${describeChange(change)}`);
      if (current.version !== entry.version)
        output.out(
          `  ! version ${current.version} was saved since you pulled version ${entry.version}: the push would be refused`,
        );
      continue;
    }
    try {
      const saved_ = await api.saveFlow(entry.id, result.document, entry.version, {
        acceptBreaking: options.acceptBreaking,
        message: options.message,
      });
      manifest.flows[name] = { ...entry, version: saved_.version };
      writeManifest(dir, manifest);
      output.out(`${name}: saved version ${saved_.version}`);
      saved++;
    } catch (error) {
      if (!(error instanceof ApiError) || ![409, 412, 422].includes(error.status)) throw error;
      failed++;
      const why =
        error.status === 409
          ? `version ${current.version} was saved in Weft since version ${entry.version}, which this file is based on. Pull, merge your changes, and push again. (${error.message})`
          : error.status === 412
            ? `${error.message} (push with --accept-breaking to save it anyway)`
            : error.message;
      output.out(`${name}: refused — ${why}`);
    }
  }
  if (!options.dryRun) output.err(`${saved} flow(s) saved${failed ? `, ${failed} refused` : ""}.`);
  return failed ? 1 : 0;
}
