import "server-only";
import { tracked } from "@trpc/server";
import { FINAL_RUN_STATUSES } from "@/lib/runs/status";
import { db } from "../db/client";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import { notFound } from "../errors";
import { nextChange, runEvents } from "../engine/listener";
import type { RunEvent, RunEventMessage } from "@/lib/schemas/run-event";

const FINAL: readonly string[] = FINAL_RUN_STATUSES;
/** Re-read even without a notification this often (a safety net, not the mechanism). */
const RECHECK_MS = 15_000;

export type { RunEventMessage };

/**
 * A run's events from after `lastEventId`, then live as they are written, each tracked by its id
 * so a reconnecting client resumes exactly where it stopped. Ends once the run has ended and
 * every event is delivered, or when the client goes away. Checks the run belongs to the team
 * before the stream opens, so a wrong id is a plain "not found" rather than a broken stream, and
 * stops delivering as soon as the viewer is no longer a member of the run's team.
 */
export async function openRunEvents(
  viewer: Viewer,
  runId: string,
  lastEventId: string | null,
  signal?: AbortSignal,
) {
  const run = await db().run.findFirst({
    where: { id: runId, teamId: viewer.teamId },
    select: { id: true },
  });
  if (!run) throw notFound("Run");
  return streamRunEvents(viewer, runId, lastEventId, signal);
}

interface Viewer {
  teamId: string;
  userId: string;
}

const PAGE = 500;

/**
 * What a live reader needs on each change, in one prepared statement (it runs once per event of
 * every watched run): whether the viewer is still a member, the next events, the run's status.
 */
async function readChanges({ teamId, userId }: Viewer, runId: string, after: bigint) {
  const { rows } = await pool().query<{
    member: boolean;
    status: string | null;
    events: { id: string; type: string; nodeId: string | null; data: unknown; at: string }[];
  }>(
    prepared(
      `SELECT EXISTS (SELECT 1 FROM "Membership" WHERE "teamId" = $1 AND "userId" = $2) AS member,
        (SELECT status::text FROM "Run" WHERE id = $3) AS status,
        COALESCE((SELECT json_agg(e ORDER BY e.seq) FROM (
          SELECT id AS seq, id::text, type, "nodeId", data, "createdAt" AS at FROM "RunEvent"
          WHERE "runId" = $3 AND id > $4::bigint ORDER BY id LIMIT ${PAGE}) e), '[]') AS events`,
      [teamId, userId, runId, after.toString()],
    ),
  );
  return rows[0]!;
}

async function* streamRunEvents(
  viewer: Viewer,
  runId: string,
  lastEventId: string | null,
  signal?: AbortSignal,
) {
  await runEvents().ready();
  let after = lastEventId && /^\d+$/.test(lastEventId) ? BigInt(lastEventId) : BigInt(0);
  while (!signal?.aborted) {
    const change = nextChange(runId, RECHECK_MS, signal);
    const { member, status, events } = await readChanges(viewer, runId, after);
    if (!member) return;
    for (const row of events) {
      after = BigInt(row.id);
      // Written only through server/engine/run-event-writer.ts, in the shapes of RunEvent.
      const event = { type: row.type, nodeId: row.nodeId, data: row.data } as RunEvent;
      // `createdAt` has no zone in JSON; it is UTC (server/db/pool.ts).
      const at = new Date(`${row.at}Z`);
      yield tracked(row.id, { ...event, at } satisfies RunEventMessage);
    }
    // Ended (or gone), and nothing new since a read that already saw it so: all is delivered.
    const ended = status === null || FINAL.includes(status);
    if (ended && events.length === 0) return;
    if (ended || events.length === PAGE) continue;
    await change;
  }
}

/**
 * Resolves once the team's run `runId` has ended (or is not the team's), after `timeoutMs`, or
 * when `signal` aborts: a client waits for the end without polling. Listens before each read, so
 * an end written between the read and the wait still wakes it.
 */
export async function waitForRunEnd(
  teamId: string,
  runId: string,
  timeoutMs: number,
  signal: AbortSignal,
) {
  await runEvents().ready();
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < deadline) {
    const stop = new AbortController();
    // Only a change of the run itself can end it (its nodes' changes do not wake this).
    const change = nextChange(
      runId,
      deadline - Date.now(),
      AbortSignal.any([signal, stop.signal]),
      true,
    );
    const { rows } = await pool().query<{ status: string }>(
      prepared(`SELECT status FROM "Run" WHERE id = $1 AND "teamId" = $2`, [runId, teamId]),
    );
    if (!rows[0] || FINAL.includes(rows[0].status)) {
      stop.abort();
      return;
    }
    await change;
  }
}
