import "server-only";
import { publishBlockInput, unpublishBlockInput } from "@/lib/schemas/team-block";
import { db } from "../db/client";
import { blockersOf, refuseBlockers } from "../engine/runs";
import { AppError } from "../errors";
import { flowsWithNode } from "./usage";
import { getVersion } from "./versions";

/**
 * Publishes the flow's latest saved version as a block of the team's palette (again: a newer
 * version, which nodes using an older one are offered as an update). It must be able to run.
 */
export async function publishBlock(teamId: string, userId: string | null, raw: unknown) {
  const input = publishBlockInput.parse(raw);
  const version = await getVersion(teamId, input.flowId);
  refuseBlockers(`Version ${version.number}`, blockersOf(version.document));
  const resultNodeId = input.resultNodeId || null;
  if (resultNodeId && !version.document.nodes.some((node) => node.id === resultNodeId))
    throw new AppError(
      "BAD_REQUEST",
      `Version ${version.number} has no node "${resultNodeId}"`,
      "resultNodeId",
    );
  const data = {
    version: version.number,
    name: input.name,
    description: input.description,
    icon: input.icon,
    resultNodeId,
    deprecated: false,
    publishedById: userId,
  };
  await db().blockPublication.upsert({
    where: { flowId: input.flowId },
    create: { teamId, flowId: input.flowId, ...data },
    update: data,
  });
  return { flowId: input.flowId, version: version.number };
}

/** The team's published blocks with their version's parameters (the block's form). */
export async function listBlocks(teamId: string) {
  const rows = await db().blockPublication.findMany({
    where: { teamId },
    orderBy: { name: "asc" },
  });
  return Promise.all(
    rows.map(async (row) => {
      const version = await getVersion(teamId, row.flowId, row.version);
      return {
        flowId: row.flowId,
        version: row.version,
        name: row.name,
        description: row.description,
        icon: row.icon,
        resultNodeId: row.resultNodeId,
        deprecated: row.deprecated,
        parameters: version.document.parameters,
      };
    }),
  );
}

/**
 * Takes a block off the palette. Refused while flows use it (naming them), unless it is only
 * deprecated: kept for them, hidden for new use.
 */
export async function unpublishBlock(teamId: string, raw: unknown) {
  const input = unpublishBlockInput.parse(raw);
  const row = await db().blockPublication.findFirst({ where: { teamId, flowId: input.flowId } });
  if (!row) throw new AppError("NOT_FOUND", "This flow is not published as a block");
  if (input.deprecate) {
    await db().blockPublication.update({ where: { id: row.id }, data: { deprecated: true } });
    return { deprecated: true };
  }
  const users = await flowsWithNode(
    teamId,
    (node) => node.block === "flow.block" && node.config.flowId === input.flowId,
  );
  if (users.length)
    throw new AppError(
      "CONFLICT",
      `"${row.name}" is used by ${users.map((flow) => `"${flow.name}"`).join(", ")}: update them, or deprecate the block instead`,
    );
  await db().blockPublication.delete({ where: { id: row.id } });
  return { deprecated: false };
}
