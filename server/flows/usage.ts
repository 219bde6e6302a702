import "server-only";
import type { FlowDocument, FlowNode } from "@/lib/flow/document";
import { db } from "../db/client";

/** The team's flows whose latest version has a node that `uses`, by id and name. */
export async function flowsWithNode(teamId: string, uses: (node: FlowNode) => boolean) {
  const flows = await db().flow.findMany({
    where: { teamId },
    select: { id: true, name: true, latestVersion: true },
  });
  if (!flows.length) return [];
  const versions = await db().flowVersion.findMany({
    where: { OR: flows.map((flow) => ({ flowId: flow.id, number: flow.latestVersion })) },
    select: { flowId: true, document: true },
  });
  const using = new Set(
    versions
      .filter((version) => (version.document as unknown as FlowDocument).nodes.some(uses))
      .map((version) => version.flowId),
  );
  return flows.filter((flow) => using.has(flow.id));
}
