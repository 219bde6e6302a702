import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { flowDocumentSchema, type FlowDocument } from "@/lib/flow/document";
import { formatFlowFile, slugOf } from "@/lib/flow/format";
import { validateFlowDocument } from "@/lib/flow/validate";
import { CliError } from "./errors";

/** `weft pull` writes one `<name>.flow.json` per flow and this manifest beside them. */
export const MANIFEST = "weft-manifest.json";
export const FLOW_FILE = /\.flow\.json$/;

export interface Manifest {
  /** By file name (relative to the manifest): the flow it is, and the version last pulled or pushed. */
  flows: Record<string, { id: string; version: number }>;
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) return { flows: {} };
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    if (!manifest || typeof manifest.flows !== "object") throw new Error("no flows");
    return manifest;
  } catch (error) {
    throw new CliError(`${file} is not a Weft manifest: ${(error as Error).message}`);
  }
}

export function writeManifest(dir: string, manifest: Manifest) {
  const flows = Object.fromEntries(
    Object.keys(manifest.flows)
      .sort()
      .map((name) => [name, manifest.flows[name]!]),
  );
  writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify({ flows }, null, 2)}\n`);
}

/** Writes a flow file if its text changed; says whether it did. */
export function writeFlowFile(file: string, document: FlowDocument): boolean {
  const text = formatFlowFile(document);
  if (existsSync(file) && readFileSync(file, "utf8") === text) return false;
  writeFileSync(file, text);
  return true;
}

/** `Nightly report` → `nightly-report.flow.json`, unique among `taken`. */
export function flowFileName(name: string, id: string, taken: Set<string>): string {
  const slug = slugOf(name);
  let file = `${slug}.flow.json`;
  if (taken.has(file)) file = `${slug}-${id.slice(-6)}.flow.json`;
  taken.add(file);
  return file;
}

export const flowFilesIn = (dir: string) =>
  readdirSync(dir)
    .filter((name) => FLOW_FILE.test(name))
    .sort()
    .map((name) => path.join(dir, name));

export type Checked =
  | { file: string; ok: true; document: FlowDocument; warnings: string[] }
  | { file: string; ok: false; errors: string[] };

/** The editor's checks, offline: JSON, the document schema, then the graph and block rules. */
export function checkFlowFile(file: string): Checked {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : (error as Error).message;
    return { file, ok: false, errors: [`not valid JSON: ${reason}`] };
  }
  const result = validateFlowDocument(raw);
  if (!result.ok)
    return { file, ok: false, errors: result.errors.map((e) => `${e.path}: ${e.message}`) };
  return {
    file,
    ok: true,
    document: result.document,
    warnings: result.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message)),
  };
}

/** A document as the server keeps it (defaults filled in), for comparing with a file. */
export const normalized = (document: unknown) => formatFlowFile(flowDocumentSchema.parse(document));
