import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Api } from "../api";
import { flowFileName, readManifest, writeFlowFile, writeManifest } from "../files";
import type { Output } from "../output";

/** `weft pull [dir]`: every flow of the team as a formatted file, and the manifest. */
export async function pull(api: Api, dir: string, output: Output): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const manifest = readManifest(dir);
  const fileOf = new Map(Object.entries(manifest.flows).map(([file, entry]) => [entry.id, file]));
  const flows = await api.listFlows();
  const taken = new Set(Object.keys(manifest.flows));
  let written = 0;
  for (const flow of flows.sort((a, b) => a.name.localeCompare(b.name))) {
    const { version, document } = await api.getFlow(flow.id);
    const file = fileOf.get(flow.id) ?? flowFileName(flow.name, flow.id, taken);
    const changed = writeFlowFile(path.join(dir, file), document);
    manifest.flows[file] = { id: flow.id, version };
    if (changed) written++;
    output.err(`${changed ? "wrote    " : "unchanged"} ${file} (version ${version})`);
  }
  const live = new Set(flows.map((flow) => flow.id));
  for (const [file, entry] of Object.entries(manifest.flows))
    if (!live.has(entry.id)) {
      delete manifest.flows[file];
      output.err(`gone     ${file}: the flow was deleted in Weft (the file is left as it was)`);
    }
  writeManifest(dir, manifest);
  output.out(`Pulled ${flows.length} flow(s) into ${dir}: ${written} changed.`);
  return 0;
}
