import { existsSync } from "node:fs";
import path from "node:path";
import type { Api } from "./api";
import { CliError, EXIT } from "./errors";
import { FLOW_FILE, readManifest } from "./files";

/**
 * A flow named on the command line: its id, a pulled `.flow.json` file (through the manifest) or
 * its name (exactly one flow of the team must have it, in any case).
 */
export async function resolveFlow(
  api: Api,
  reference: string,
): Promise<{ id: string; name: string }> {
  if (FLOW_FILE.test(reference) && existsSync(reference)) {
    const entry = readManifest(path.dirname(reference)).flows[path.basename(reference)];
    if (!entry)
      throw new CliError(
        `${reference} is not in ${path.dirname(reference)}'s manifest: push it first`,
      );
    return { id: entry.id, name: reference };
  }
  const flows = await api.listFlows();
  const byId = flows.find((flow) => flow.id === reference);
  if (byId) return byId;
  const named = flows.filter((flow) => flow.name.toLowerCase() === reference.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new CliError(
      `${named.length} flows are named "${reference}": use an id (${named.map((f) => f.id).join(", ")})`,
      EXIT.usage,
    );
  throw new CliError(
    `No flow "${reference}" in this team (by id, name or pulled file)`,
    EXIT.usage,
  );
}
