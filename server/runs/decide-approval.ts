import "server-only";
import type { Inngest } from "inngest";
import { db } from "../db/client";
import type { Decision } from "../engine/approval";
import { approvalDecided } from "../engine/events";
import { AppError, notFound } from "../errors";

/** Whether the node has been opened to decisions; waits up to `patienceMs` for it. */
async function openToDecisions(runId: string, nodeId: string, patienceMs = 3_000) {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const opened = await db().runEvent.findFirst({
      where: { runId, nodeId, type: "node", data: { path: ["waiting"], equals: "approval" } },
      select: { id: true },
    });
    if (opened) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A person approves or rejects a waiting approval node (run view or API). */
export async function decideApproval(
  teamId: string,
  userId: string,
  input: { runId: string; nodeId: string; approved: boolean; comment?: string },
  client: Inngest,
) {
  const node = await db().nodeRun.findFirst({
    where: { runId: input.runId, nodeId: input.nodeId, run: { teamId } },
    select: { status: true, run: { select: { flowVersionId: true, status: true } } },
  });
  if (!node) throw notFound("Run");
  const version = await db().flowVersion.findUniqueOrThrow({
    where: { id: node.run.flowVersionId },
    select: { document: true },
  });
  const block = (version.document as { nodes: { id: string; block: string }[] }).nodes.find(
    (n) => n.id === input.nodeId,
  )?.block;
  if (block !== "flow.approval")
    throw new AppError("BAD_REQUEST", `Node "${input.nodeId}" is not an approval`, "nodeId");
  if (node.status !== "RUNNING" || node.run.status !== "RUNNING")
    throw new AppError(
      "CONFLICT",
      `Node "${input.nodeId}" is not waiting for a decision`,
      "nodeId",
    );
  // A node shows Running a moment before its wait is registered; a decision in that moment waits.
  if (!(await openToDecisions(input.runId, input.nodeId)))
    throw new AppError(
      "CONFLICT",
      `Node "${input.nodeId}" is not waiting for a decision yet; try again in a moment`,
      "nodeId",
    );
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
  const decision: Decision = {
    approved: input.approved,
    by: user.name,
    at: new Date().toISOString(),
    comment: input.comment ?? "",
  };
  await client.send(
    approvalDecided.create({ runId: input.runId, nodeId: input.nodeId, ...decision }),
  );
  return decision;
}
