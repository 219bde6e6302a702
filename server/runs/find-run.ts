import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors";

/** A run of the team with its nodes' states, or NOT_FOUND. */
export async function findRun(teamId: string, runId: string) {
  const run = await db().run.findFirst({
    where: { id: runId, teamId },
    include: { nodes: { select: { nodeId: true, status: true, output: true, branch: true } } },
  });
  if (!run) throw notFound("Run");
  return run;
}
