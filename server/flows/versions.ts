import "server-only";
import type { FlowDocument } from "@/lib/flow/document";
import type { SaveFlowInput } from "@/lib/schemas/flow";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { asJson } from "../db/json";
import { checkDocument } from "./check-document";
import { brokenDependents } from "./dependents";
import { findFlow } from "./flows";

const versionFields = {
  number: true,
  message: true,
  createdAt: true,
  author: { select: { name: true } },
} as const;

/** Saves a new immutable version; refuses (CONFLICT) when someone saved since `baseVersion`. */
export async function saveFlow(teamId: string, authorId: string | null, input: SaveFlowInput) {
  const document = checkDocument(input.document);
  return db().$transaction(async (tx) => {
    const [flow] = await tx.$queryRaw<{ latestVersion: number }[]>`
      SELECT "latestVersion" FROM "Flow" WHERE id = ${input.flowId} AND "teamId" = ${teamId} FOR UPDATE`;
    if (!flow) throw notFound("Flow");
    if (flow.latestVersion !== input.baseVersion && !input.force) {
      const newer = await tx.flowVersion.findUnique({
        where: { flowId_number: { flowId: input.flowId, number: flow.latestVersion } },
        select: versionFields,
      });
      throw new AppError(
        "CONFLICT",
        `Version ${flow.latestVersion} was saved by ${newer?.author?.name ?? "someone"} after you opened this flow`,
        "baseVersion",
      );
    }
    const broken = await brokenDependents(tx, input.flowId, document);
    if (broken.length && !input.acceptBreaking)
      throw new AppError(
        "PRECONDITION_FAILED",
        `This version would break ${broken.join(" and ")}. Confirm to save it anyway.`,
        "acceptBreaking",
      );
    const number = flow.latestVersion + 1;
    await tx.flow.update({
      where: { id: input.flowId },
      data: { latestVersion: number, name: document.name, description: document.description },
    });
    return tx.flowVersion.create({
      data: {
        flowId: input.flowId,
        number,
        document: asJson(document),
        message: input.message,
        authorId,
      },
      select: versionFields,
    });
  });
}

export async function listVersions(teamId: string, flowId: string) {
  await findFlow(teamId, flowId);
  return db().flowVersion.findMany({
    where: { flowId, test: false },
    orderBy: { number: "desc" },
    select: versionFields,
  });
}

/** One version with its document; the latest when `number` is omitted. */
export async function getVersion(teamId: string, flowId: string, number?: number) {
  const flow = await findFlow(teamId, flowId);
  const version = await db().flowVersion.findUnique({
    where: { flowId_number: { flowId, number: number ?? flow.latestVersion } },
    select: { ...versionFields, document: true },
  });
  if (!version) throw notFound("Version");
  return { flow, ...version, document: version.document as FlowDocument };
}

/** Saves an old version's document as the newest version. */
export async function restoreVersion(
  teamId: string,
  authorId: string | null,
  flowId: string,
  number: number,
  acceptBreaking = false,
) {
  const { flow, document } = await getVersion(teamId, flowId, number);
  return saveFlow(teamId, authorId, {
    flowId,
    document,
    baseVersion: flow.latestVersion,
    message: `Restored version ${number}`,
    force: false,
    acceptBreaking,
  });
}
