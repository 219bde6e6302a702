import "server-only";
import { randomUUID } from "node:crypto";
import type { Inngest } from "inngest";
import { blockById } from "@/lib/blocks/catalog";
import type { FlowDocument } from "@/lib/flow/document";
import { resolveParameters } from "@/lib/flow/parameters";
import type { TestRunInput } from "@/lib/schemas/run";
import { pool } from "../db/pool";
import { blockersOf, createRun, refuseBlockers, type Preset } from "../engine/runs";
import { AppError } from "../errors";
import { checkDocument } from "../flows/check-document";
import { findFlow } from "../flows/flows";
import { pinnedOutputs } from "../flows/pins";
import { inngest } from "../inngest/client";
import { findRun } from "./find-run";
import { latestEndedRun, presetsAround, reusableOutputs } from "./run-node-alone";

/** Test runs (and the draft snapshots they ran) are deleted this long after they started. */
export const TEST_RUN_DAYS = 7;

/**
 * Stores the draft a test runs as a version of its own: flagged `test`, numbered below zero so it
 * is never the latest or listed in the history, immutable like every version a run points at.
 */
async function snapshot(flowId: string, authorId: string | null, document: FlowDocument) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { rows } = await pool().query<{ id: string; number: number }>(
      `INSERT INTO "FlowVersion" (id, "flowId", number, document, "authorId", test)
       SELECT $1, $2, LEAST(COALESCE(min(number), 0), 0) - 1, $3::jsonb, $4, true
       FROM "FlowVersion" WHERE "flowId" = $2
       ON CONFLICT ("flowId", number) DO NOTHING
       RETURNING id, number`,
      [randomUUID(), flowId, JSON.stringify(document), authorId],
    );
    if (rows[0]) return { ...rows[0], document };
  }
  throw new AppError("CONFLICT", "Too many tests started at once: try again", "flowId");
}

/** Deletes the team's test runs older than TEST_RUN_DAYS and the snapshots no run points at. */
export async function pruneTestRuns(teamId: string) {
  await pool().query(
    `DELETE FROM "Run" WHERE "teamId" = $1 AND trigger = 'TEST'
       AND "createdAt" < now() - make_interval(days => $2)`,
    [teamId, TEST_RUN_DAYS],
  );
  await pool().query(
    `DELETE FROM "FlowVersion" v USING "Flow" f
     WHERE v."flowId" = f.id AND f."teamId" = $1 AND v.test
       AND v."createdAt" < now() - interval '1 hour'
       AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."flowVersionId" = v.id)`,
    [teamId],
  );
}

/** A pinned output as a finished node: a condition's pinned `result` also picks its branch. */
function pinnedPreset(document: FlowDocument, nodeId: string, output: unknown): Preset {
  const block = document.nodes.find((node) => node.id === nodeId)?.block;
  const result = (output as { result?: unknown } | null)?.result;
  const branch =
    block && blockById(block)?.outputs && typeof result === "boolean" ? String(result) : null;
  return { status: "COMPLETED", output, branch };
}

/**
 * Runs an unsaved draft from the editor: the whole flow, or one node (with `downstream`, the
 * node and everything after it) with its upstream taken from pinned data first, then from an
 * earlier run (the flow's latest, test runs included, by default). Pinned nodes never execute.
 * A test run is stored like any run, with trigger TEST: dashboards, lists and alerts leave it
 * out, and it is deleted after TEST_RUN_DAYS.
 */
export async function startTestRun(
  teamId: string,
  userId: string | null,
  input: TestRunInput,
  client: Inngest = inngest,
) {
  await findFlow(teamId, input.flowId);
  const document = checkDocument(input.document);
  refuseBlockers("This draft", blockersOf(document));
  const pins = await pinnedOutputs(input.flowId);
  const pinned = new Map(
    document.nodes
      .filter((node) => pins.has(node.id) && node.id !== input.nodeId)
      .map((node): [string, Preset] => [
        node.id,
        pinnedPreset(document, node.id, pins.get(node.id)),
      ]),
  );
  let plan: { preset: Record<string, Preset>; onlyNodes?: string[] } = {
    preset: Object.fromEntries(pinned),
  };
  let given = input.parameters;
  let rerunOfId: string | undefined;
  if (input.nodeId) {
    if (!document.nodes.some((node) => node.id === input.nodeId))
      throw new AppError("NOT_FOUND", `The flow has no node "${input.nodeId}"`, "nodeId");
    const fromRunId = input.fromRunId ?? (await latestEndedRun(teamId, input.flowId, true));
    const from = fromRunId ? await findRun(teamId, fromRunId) : null;
    if (from && from.flowId !== input.flowId)
      throw new AppError("BAD_REQUEST", "That run is of another flow", "fromRunId");
    const reused = new Map([...reusableOutputs(from?.nodes ?? []), ...pinned]);
    plan = presetsAround(document, input.nodeId, input.downstream, reused);
    given ??= (from?.parameters as Record<string, unknown> | undefined) ?? {};
    rerunOfId = from?.id;
  }
  const parameters = resolveParameters(document.parameters, given ?? {});
  if (!parameters.ok) throw new AppError("BAD_REQUEST", parameters.message, parameters.field);
  await pruneTestRuns(teamId);
  const version = await snapshot(input.flowId, userId, document);
  return createRun(
    {
      teamId,
      userId,
      flowId: input.flowId,
      version,
      parameters: parameters.values,
      trigger: "TEST",
      rerunOfId,
      ...plan,
      pinned: [...pinned.keys()].filter((id) => plan.preset[id]?.status === "COMPLETED"),
    },
    client,
  );
}
