import { z } from "zod";

export const ROLES = ["OWNER", "EDITOR", "VIEWER"] as const;
export type RoleName = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, "Role must be OWNER, EDITOR or VIEWER");

export const ROLE_LABELS: Record<RoleName, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  VIEWER: "Viewer",
};

const RANK: Record<RoleName, number> = { VIEWER: 0, EDITOR: 1, OWNER: 2 };

/** Whether `role` grants at least what `minimum` does (owner > editor > viewer). */
export const hasRole = (role: RoleName, minimum: RoleName) => RANK[role] >= RANK[minimum];

export const teamNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a team name")
  .max(60, "Team name must be at most 60 characters");

export const idSchema = z.string().min(1, "Required").max(64, "Not a valid id");

export const createInvitationInput = z.object({
  role: roleSchema,
  expiresInDays: z
    .number("Expiry must be a number of days")
    .int("Expiry must be whole days")
    .min(1, "Expiry must be at least 1 day")
    .max(30, "Expiry must be at most 30 days"),
});

export const invitationTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,64}$/, "This invitation link is not valid");
