import "server-only";
import { emptyDocument, type FlowDocument } from "@/lib/flow/document";
import { flowNameSchema, type FlowDetailsInput } from "@/lib/schemas/flow";
import { db } from "../db/client";
import { notFound } from "../errors";
import { asJson } from "../db/json";
import { checkDocument } from "./check-document";

const summary = {
  id: true,
  name: true,
  description: true,
  tags: true,
  latestVersion: true,
  updatedAt: true,
} as const;

/** Creates a flow with its first version: an empty document, or an imported one. */
export async function createFlow(
  teamId: string,
  authorId: string | null,
  input: { name?: unknown; document?: unknown },
) {
  const document: FlowDocument =
    input.document === undefined
      ? emptyDocument(flowNameSchema.parse(input.name))
      : checkDocument(input.document);
  return db().flow.create({
    data: {
      teamId,
      name: document.name,
      description: document.description,
      latestVersion: 1,
      versions: {
        create: {
          number: 1,
          document: asJson(document),
          authorId,
          message: input.document === undefined ? "Created" : "Imported",
        },
      },
    },
    select: summary,
  });
}

export async function listFlows(teamId: string, search = "") {
  const term = search.trim();
  return db().flow.findMany({
    where: {
      teamId,
      ...(term && {
        OR: [
          { name: { contains: term, mode: "insensitive" } },
          { description: { contains: term, mode: "insensitive" } },
          { tags: { has: term.toLowerCase() } },
        ],
      }),
    },
    orderBy: { updatedAt: "desc" },
    select: summary,
  });
}

export async function findFlow(teamId: string, flowId: string) {
  const flow = await db().flow.findFirst({ where: { id: flowId, teamId }, select: summary });
  if (!flow) throw notFound("Flow");
  return flow;
}

export async function updateFlowDetails(teamId: string, input: FlowDetailsInput) {
  const { flowId, tags, ...details } = input;
  await findFlow(teamId, flowId);
  return db().flow.update({
    where: { id: flowId },
    data: { ...details, ...(tags && { tags: [...new Set(tags.map((tag) => tag.toLowerCase()))] }) },
    select: summary,
  });
}

export async function duplicateFlow(teamId: string, authorId: string | null, flowId: string) {
  const flow = await findFlow(teamId, flowId);
  const latest = await db().flowVersion.findUniqueOrThrow({
    where: { flowId_number: { flowId, number: flow.latestVersion } },
  });
  const document = {
    ...(latest.document as FlowDocument),
    name: `Copy of ${flow.name}`.slice(0, 100),
  };
  return createFlow(teamId, authorId, { document });
}

export async function deleteFlow(teamId: string, flowId: string) {
  const { count } = await db().flow.deleteMany({ where: { id: flowId, teamId } });
  if (count === 0) throw notFound("Flow");
}
