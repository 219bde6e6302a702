import type { Api, RunNode } from "../api";
import { CliError, EXIT } from "../errors";
import { resolveFlow } from "../flows";
import { progressBar, type Output } from "../output";

const ENDED = new Set(["completed", "failed", "cancelled"]);
const NODE_ENDED = new Set(["completed", "failed", "skipped", "cached", "cancelled"]);

/** `--param k=v` values: text, converted by the API to each parameter's declared type. */
export function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) throw new CliError(`--param ${pair}: write it as name=value`, EXIT.usage);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

export interface RunOptions {
  params: string[];
  wait: boolean;
  version?: number;
  json: boolean;
  pollMs: number;
}

const clock = () => new Date().toTimeString().slice(0, 8);
const oneLine = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
};

/**
 * `weft run <flow> [--param k=v …] [--wait]`: starts a run; with `--wait`, follows it: a line per
 * node state change, a progress bar, then the outputs of the nodes nothing follows (or the failing
 * node's error). Exit 0 when the run completed, 1 when it failed or was cancelled.
 */
export async function run(api: Api, reference: string, options: RunOptions, output: Output) {
  const flow = await resolveFlow(api, reference);
  const started = await api.startRun(flow.id, parseParams(options.params), options.version);
  const link = `${api.url}/runs/${started.id}`;
  if (!options.wait) {
    output.out(options.json ? JSON.stringify(started) : `Started run ${started.id}: ${link}`);
    return 0;
  }
  output.err(`Run ${started.id} of ${flow.name}: ${link}`);
  const seen = new Map<string, string>();
  let bar = "";
  for (;;) {
    const current = await api.getRun(started.id);
    for (const node of current.nodes) {
      if (seen.get(node.id) === node.status) continue;
      seen.set(node.id, node.status);
      if (node.status === "pending") continue;
      if (bar && output.tty) process.stderr.write("\r\x1b[2K");
      const attempt = node.attempts > 1 ? ` (attempt ${node.attempts})` : "";
      const why =
        node.status === "failed" || node.status === "retrying"
          ? `: ${node.error?.message ?? ""}`
          : "";
      output.err(`${clock()}  ${node.status.padEnd(9)} ${node.id}${attempt}${why}`);
      bar = "";
    }
    const done = current.nodes.filter((node) => NODE_ENDED.has(node.status)).length;
    // Printed again when the count or the run's status changes: the nodes can all have ended
    // one poll before the run has.
    const next = `${progressBar(done, current.nodes.length)} ${current.status}`;
    if (next !== bar) {
      if (output.tty) process.stderr.write(`\r\x1b[2K${next}`);
      else output.err(next);
      bar = next;
    }
    if (ENDED.has(current.status)) {
      if (output.tty) process.stderr.write("\n");
      return finished(current, output, options.json);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

function finished(
  current: Awaited<ReturnType<Api["getRun"]>>,
  output: Output,
  json: boolean,
): number {
  const ok = current.status === "completed";
  if (json) output.out(JSON.stringify(current, null, 2));
  else if (ok) {
    output.out(`Run ${current.id} completed. Outputs:`);
    for (const node of current.nodes.filter(
      (n: RunNode) => n.status === "completed" || n.status === "cached",
    ))
      output.out(`  ${node.id}: ${oneLine(node.output)}`);
  } else {
    output.out(`Run ${current.id} ${current.status}.`);
    for (const node of current.nodes.filter((n: RunNode) => n.status === "failed"))
      output.out(`  ${node.id} failed: ${node.error?.message ?? "(no message)"}`);
  }
  return ok ? 0 : 1;
}
