import { writeFileSync } from "node:fs";
import { exportTypeScript } from "@/lib/export/typescript";
import { formatFlowFile } from "@/lib/flow/format";
import type { Api } from "../api";
import { resolveFlow } from "../flows";
import type { Output } from "../output";

/**
 * `weft export <flow> [--ts] [--out file]`: the flow document, or with `--ts` a TypeScript module
 * of one Inngest function. Nodes that became stubs are listed on stderr.
 */
export async function exportFlow(
  api: Api,
  reference: string,
  options: { ts: boolean; out?: string },
  output: Output,
) {
  const flow = await resolveFlow(api, reference);
  const { version, document } = await api.getFlow(flow.id);
  let text = formatFlowFile(document);
  if (options.ts) {
    const exported = exportTypeScript(document, {
      flowId: flow.id,
      version,
      date: new Date().toISOString().slice(0, 10),
    });
    text = exported.source;
    for (const stub of exported.stubs)
      output.err(
        `not exported: ${stub.id} (${stub.block}): ${stub.why}; a stub that fails takes its place`,
      );
    if (exported.secrets.length)
      output.err(`reads secrets from the environment: ${exported.secrets.join(", ")}`);
  }
  if (options.out) {
    writeFileSync(options.out, text);
    output.err(`Wrote ${options.out}`);
  } else process.stdout.write(text);
  return 0;
}
