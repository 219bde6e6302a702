import "server-only";
import { z } from "zod";
import { flowActivity } from "../../flows/activity";
import { createFromTemplate } from "../../flows/templates";
import { flowDetailsInput, flowIdInput, flowNameSchema, saveFlowInput } from "@/lib/schemas/flow";
import {
  createFlow,
  deleteFlow,
  duplicateFlow,
  listFlows,
  updateFlowDetails,
} from "../../flows/flows";
import { listPins, pinOutput, unpinOutput } from "../../flows/pins";
import { sampleData } from "../../flows/sample";
import { listBlocks, publishBlock, unpublishBlock } from "../../flows/team-blocks";
import { publishBlockInput, unpublishBlockInput } from "@/lib/schemas/team-block";
import { pinInput, unpinInput } from "@/lib/schemas/pin";
import { getVersion, listVersions, restoreVersion, saveFlow } from "../../flows/versions";
import { router, teamProcedure } from "../trpc";

export const flowRouter = router({
  list: teamProcedure("VIEWER")
    .input(z.object({ search: z.string().max(100).default("") }).default({ search: "" }))
    .query(({ ctx, input }) => listFlows(ctx.team.id, input.search)),
  activity: teamProcedure("VIEWER").query(({ ctx }) => flowActivity(ctx.team.id)),
  create: teamProcedure("EDITOR")
    .input(z.object({ name: flowNameSchema }))
    .mutation(({ ctx, input }) => createFlow(ctx.team.id, ctx.userId, { name: input.name })),
  import: teamProcedure("EDITOR")
    .input(z.object({ document: z.unknown() }))
    .mutation(({ ctx, input }) =>
      createFlow(ctx.team.id, ctx.userId, { document: input.document }),
    ),
  /** A new flow (with its helper flows and a paused schedule) from a starter template. */
  fromTemplate: teamProcedure("EDITOR")
    .input(z.object({ templateId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => createFromTemplate(ctx.team.id, ctx.userId, input.templateId)),
  update: teamProcedure("EDITOR")
    .input(flowDetailsInput)
    .mutation(({ ctx, input }) => updateFlowDetails(ctx.team.id, input)),
  duplicate: teamProcedure("EDITOR")
    .input(flowIdInput)
    .mutation(({ ctx, input }) => duplicateFlow(ctx.team.id, ctx.userId, input.flowId)),
  delete: teamProcedure("EDITOR")
    .input(flowIdInput)
    .mutation(({ ctx, input }) => deleteFlow(ctx.team.id, input.flowId)),
  /** The flow with one version's document (the latest unless `number` is given). */
  version: teamProcedure("VIEWER")
    .input(flowIdInput.extend({ number: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => getVersion(ctx.team.id, input.flowId, input.number)),
  versions: teamProcedure("VIEWER")
    .input(flowIdInput)
    .query(({ ctx, input }) => listVersions(ctx.team.id, input.flowId)),
  save: teamProcedure("EDITOR")
    .input(saveFlowInput)
    .mutation(({ ctx, input }) => saveFlow(ctx.team.id, ctx.userId, input)),
  /** The draft's pinned data (everyone in the team sees what tests run on). */
  pins: teamProcedure("VIEWER")
    .input(flowIdInput)
    .query(({ ctx, input }) => listPins(ctx.team.id, input.flowId)),
  /** The team's flows published as blocks, with their parameters (the palette's Team blocks). */
  blocks: teamProcedure("VIEWER").query(({ ctx }) => listBlocks(ctx.team.id)),
  publish: teamProcedure("EDITOR")
    .input(publishBlockInput)
    .mutation(({ ctx, input }) => publishBlock(ctx.team.id, ctx.userId, input)),
  unpublish: teamProcedure("EDITOR")
    .input(unpublishBlockInput)
    .mutation(({ ctx, input }) => unpublishBlock(ctx.team.id, input)),
  /** Sample outputs and parameters (latest run, pins first) for completions and previews. */
  sample: teamProcedure("VIEWER")
    .input(flowIdInput)
    .query(({ ctx, input }) => sampleData(ctx.team.id, input.flowId)),
  pin: teamProcedure("EDITOR")
    .input(pinInput)
    .mutation(({ ctx, input }) => pinOutput(ctx.team.id, ctx.userId, input)),
  unpin: teamProcedure("EDITOR")
    .input(unpinInput)
    .mutation(({ ctx, input }) => unpinOutput(ctx.team.id, input.flowId, input.nodeId)),
  restore: teamProcedure("EDITOR")
    .input(
      flowIdInput.extend({
        number: z.number().int().min(1),
        acceptBreaking: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) =>
      restoreVersion(ctx.team.id, ctx.userId, input.flowId, input.number, input.acceptBreaking),
    ),
});
