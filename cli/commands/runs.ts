import type { Api } from "../api";
import { resolveFlow } from "../flows";
import { table, type Output } from "../output";

const duration = (start: string | null, end: string | null) => {
  if (!start || !end) return "";
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
};

/** `weft runs [--flow f] [--status s] [--limit n]`: the newest runs first. */
export async function runs(
  api: Api,
  options: { flow?: string; status?: string; limit: number; json: boolean },
  output: Output,
) {
  const flowId = options.flow ? (await resolveFlow(api, options.flow)).id : undefined;
  const page = await api.listRuns({
    flowId,
    status: options.status?.toLowerCase(),
    limit: String(options.limit),
  });
  if (options.json) {
    output.out(JSON.stringify(page.runs, null, 2));
    return 0;
  }
  if (!page.runs.length) {
    output.out("No runs.");
    return 0;
  }
  const names = new Map((await api.listFlows()).map((flow) => [flow.id, flow.name]));
  const rows = page.runs.map((run) => [
    run.id,
    names.get(run.flowId) ?? run.flowId,
    `v${run.version}`,
    run.status,
    run.trigger,
    run.startedAt?.replace("T", " ").slice(0, 19) ?? "",
    duration(run.startedAt, run.finishedAt),
  ]);
  for (const line of table([
    ["RUN", "FLOW", "VERSION", "STATUS", "TRIGGER", "STARTED (UTC)", "TOOK"],
    ...rows,
  ]))
    output.out(line);
  return 0;
}
