import "server-only";
import type { Inngest } from "inngest";
import { monotonicFactory } from "ulid";
import type { FlowDocument } from "@/lib/flow/document";
import { findProblems } from "@/lib/flow/problems";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import type { NodeStatus, RunTrigger } from "../db/generated/client";
import { AppError, notFound } from "../errors";
import { notifyRunFinished } from "../notifications/notifications";
import { runRequested } from "./events";
import { announce, appendEventSql } from "./run-event-writer";
import { abandonRun } from "./lifecycle";
import { versionDocument } from "./state";

/** A node written in a final state when a run is created (re-runs, single-node runs). */
export type Preset = { status: NodeStatus; output?: unknown; branch?: string | null };

/** The statuses whose outputs a re-run or a single-node run reuses. */
export const SUCCEEDED: NodeStatus[] = ["COMPLETED", "CACHED"];

export interface NewRun {
  teamId: string;
  userId: string | null;
  flowId: string;
  version: { id: string; number: number; document: FlowDocument };
  parameters: Record<string, unknown>;
  trigger: RunTrigger;
  rerunOfId?: string;
  onlyNodes?: string[];
  /** A test run's nodes whose pinned output stands in for running them (preset Completed). */
  pinned?: string[];
  parent?: { runId: string; nodeId: string };
  scheduleId?: string;
  preset?: Record<string, Preset>;
  /** A subflow's child that waits its turn (Scheduled) until a sibling's end starts it. */
  queued?: boolean;
}

/** Run ids sort in creation order (ULIDs, monotonic within a millisecond). */
const nextId = monotonicFactory();
export const newRunId = () => nextId().toLowerCase();

/**
 * Writes the run, its nodes (Pending unless preset) and its first event in one statement, without
 * starting it. Plain SQL on the pg pool: a burst of starts queues for a connection instead of
 * timing out waiting for an interactive transaction.
 */
export async function insertRun(spec: NewRun) {
  const id = newRunId();
  const nodes = spec.version.document.nodes.map((node) => {
    const preset = spec.preset?.[node.id];
    return {
      nodeId: node.id,
      status: preset?.status ?? "PENDING",
      output: preset?.output ?? null,
      branch: preset?.branch ?? null,
    };
  });
  await pool().query(
    prepared(
      `WITH run AS (
      INSERT INTO "Run" (id, "teamId", "flowId", "flowVersionId", version, trigger, parameters,
        "createdById", "rerunOfId", "onlyNodes", "parentRunId", "parentNodeId", "scheduleId", status,
        pinned)
      VALUES ($1, $2, $3, $4, $5, $6::"RunTrigger", $7::jsonb, $8, $9, $10::text[], $11, $12, $14,
        $15::"RunStatus", $16::text[])
      RETURNING id
    ), nodes AS (
      INSERT INTO "NodeRun" (id, "runId", "nodeId", status, output, branch)
      SELECT gen_random_uuid()::text, run.id, x."nodeId", x.status::"NodeStatus", x.output, x.branch
      FROM run, jsonb_to_recordset($13::jsonb) AS x("nodeId" text, status text, output jsonb, branch text)
    ), ${appendEventSql({
      from: "run",
      type: "run",
      nodeId: "NULL",
      data: "jsonb_build_object('status', $15::text)",
    })}
    SELECT count(*) FROM appended`,
      [
        id,
        spec.teamId,
        spec.flowId,
        spec.version.id,
        spec.version.number,
        spec.trigger,
        JSON.stringify(spec.parameters),
        spec.userId,
        spec.rerunOfId ?? null,
        spec.onlyNodes ?? [],
        spec.parent?.runId ?? null,
        spec.parent?.nodeId ?? null,
        JSON.stringify(nodes),
        spec.scheduleId ?? null,
        spec.queued ? "SCHEDULED" : "PENDING",
        spec.pinned ?? [],
      ],
    ),
  );
  announce(id, "run");
  return { id, status: "PENDING" as const };
}

/**
 * Asks Inngest to execute a run. The event id is always `run-<id>`, so a repeat (a retried step,
 * the reconciler) never runs it twice. When Inngest cannot be reached the run stays Pending: it
 * was accepted, and the reconciler hands it over once Inngest is back.
 */
export async function requestRun(runId: string, client: Inngest, giveUpAfterSeconds?: number) {
  // With the flow's time limit, the run-deadline function gives up on the run at `giveUpAt`.
  const limit = giveUpAfterSeconds
    ? {
        giveUpAfterSeconds,
        giveUpAt: new Date(Date.now() + giveUpAfterSeconds * 1000).toISOString(),
      }
    : {};
  try {
    await client.send(runRequested.create({ runId, ...limit }, { id: `run-${runId}` }));
  } catch (error) {
    console.warn(`Run ${runId} waits for Inngest: ${(error as Error).message}`);
  }
}

/**
 * What stops a document from running: its errors and its drafts' gaps (empty required fields), as
 * "node: problem" lines.
 */
export function blockersOf(document: FlowDocument): string[] {
  const names = new Map(document.nodes.map((node) => [node.id, node.name]));
  return findProblems(document)
    .filter((problem) => problem.severity === "error" || problem.blocksRun)
    .map((problem) =>
      problem.nodeId
        ? `${names.get(problem.nodeId) ?? problem.nodeId}: ${problem.message}`
        : problem.message,
    );
}

/** Versions never change, so what stops one from running is worked out once per process. */
const blockersByVersion = new Map<string, string[]>();

/** A saved version can only fail on data, never on its own shape. */
export function runBlockers(version: NewRun["version"]): string[] {
  let blockers = blockersByVersion.get(version.id);
  if (!blockers) {
    blockers = blockersOf(version.document);
    if (blockersByVersion.size > 500)
      blockersByVersion.delete(blockersByVersion.keys().next().value!);
    blockersByVersion.set(version.id, blockers);
  }
  return blockers;
}

/** Refuses (BAD_REQUEST) to start what has problems, listing them. */
export function refuseBlockers(what: string, blockers: string[]) {
  if (blockers.length)
    throw new AppError(
      "BAD_REQUEST",
      `${what} cannot run until it is fixed: ${blockers.slice(0, 5).join("; ")}${blockers.length > 5 ? ` (and ${blockers.length - 5} more)` : ""}`,
      "flowId",
    );
}

export const assertRunnable = (version: NewRun["version"]) =>
  refuseBlockers(`Version ${version.number} of this flow`, runBlockers(version));

/**
 * When a new run is handed to Inngest: before `createRun` returns, or while the caller answers
 * (a request that started it: the run is committed, and a hand-over that never happens is the
 * reconciler's, exactly as when Inngest cannot be reached).
 */
export type HandOver = "await" | "while-answering";

export async function createRun(spec: NewRun, client: Inngest, handOver: HandOver = "await") {
  assertRunnable(spec.version);
  const run = await insertRun(spec);
  const requested = requestRun(run.id, client, spec.version.document.giveUpAfterSeconds);
  if (handOver === "await") await requested;
  return run;
}

/**
 * A run that could not start (its parameters no longer fit the flow, say), recorded Failed with
 * the reason so it shows in the run history and the flow's failure alerts go out.
 */
export async function recordRefusedRun(
  request: { teamId: string; flowId: string; trigger: RunTrigger; scheduleId?: string },
  parameters: Record<string, unknown>,
  reason: string,
) {
  const version = await findVersion(request.teamId, request.flowId);
  const run = await insertRun({ ...request, userId: null, version, parameters });
  await abandonRun(run.id, reason);
  await notifyRunFinished(run.id);
  return run;
}

/** A flow's latest (or a given) version with its document; the flow must be the team's. */
export async function findVersion(teamId: string, flowId: string, number?: number) {
  // One round trip on every start: the team's flow and its version.
  const { rows } = await pool().query<{ versionId: string | null; number: number | null }>(
    prepared(
      `SELECT v.id AS "versionId", v.number FROM "Flow" f
       LEFT JOIN LATERAL (SELECT id, number FROM "FlowVersion"
         WHERE "flowId" = f.id AND ($3::int IS NULL OR number = $3)
         ORDER BY number DESC LIMIT 1) v ON true
       WHERE f.id = $1 AND f."teamId" = $2`,
      [flowId, teamId, number ?? null],
    ),
  );
  if (!rows[0]) throw notFound("Flow");
  const { versionId, number: found } = rows[0];
  if (!versionId || found === null)
    throw new AppError("NOT_FOUND", `Version ${number} of this flow does not exist`, "version");
  return { id: versionId, number: found, document: await versionDocument(versionId) };
}
