import "server-only";
import { tracked } from "@trpc/server";
import { FINAL_RUN_STATUSES } from "@/lib/runs/status";
import { db } from "../db/client";
import { pool, prepared } from "../db/pool";
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

const isMember = async ({ teamId, userId }: Viewer) =>
  Boolean(
    await db().membership.findUnique({
      where: { teamId_userId: { teamId, userId } },
      select: { id: true },
    }),
  );

async function* streamRunEvents(
  viewer: Viewer,
  runId: string,
  lastEventId: string | null,
  signal?: AbortSignal,
) {
  await runEvents().ready();
  let after = lastEventId && /^\d+$/.test(lastEventId) ? BigInt(lastEventId) : BigInt(0);
  while (!signal?.aborted) {
    if (!(await isMember(viewer))) return;
    const change = nextChange(runId, RECHECK_MS, signal);
    const rows = await db().runEvent.findMany({
      where: { runId, id: { gt: after } },
      orderBy: { id: "asc" },
      take: 500,
    });
    for (const row of rows) {
      after = row.id;
      // Written only through server/engine/run-event-writer.ts, in the shapes of RunEvent.
      const event = { type: row.type, nodeId: row.nodeId, data: row.data } as RunEvent;
      yield tracked(String(row.id), { ...event, at: row.createdAt } satisfies RunEventMessage);
    }
    if (rows.length === 500) continue;
    const { status } = await db().run.findUniqueOrThrow({
      where: { id: runId },
      select: { status: true },
    });
    if (FINAL.includes(status)) {
      const more = await db().runEvent.count({ where: { runId, id: { gt: after } } });
      if (more === 0) return;
      continue;
    }
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
    const change = nextChange(runId, deadline - Date.now(), AbortSignal.any([signal, stop.signal]));
    // Read again on every change of the run (each node's too): one prepared statement.
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
