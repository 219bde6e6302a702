import { z } from "zod";

/** The icons a team block may show (components/editor/block-icon.tsx draws them). */
export const TEAM_BLOCK_ICONS = ["box", "database", "mail", "chart", "bolt", "globe"] as const;

export const publishBlockInput = z.object({
  flowId: z.string().min(1),
  name: z
    .string("name must be text")
    .trim()
    .min(1, "name is required")
    .max(80, "name: at most 80 characters"),
  description: z.string().trim().max(300, "description: at most 300 characters").default(""),
  icon: z
    .enum(TEAM_BLOCK_ICONS, `icon must be one of ${TEAM_BLOCK_ICONS.join(", ")}`)
    .default("box"),
  /** The node whose output is the block's output; empty: the leaves' outputs by id. */
  resultNodeId: z.string().max(64).optional(),
});

export const unpublishBlockInput = z.object({
  flowId: z.string().min(1),
  /** Keep it for the flows that use it, hidden from the palette. */
  deprecate: z.boolean().default(false),
});
