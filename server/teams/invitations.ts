import "server-only";
import { recordAudit } from "../audit/audit";
import { createHash, randomBytes } from "node:crypto";
import { createInvitationInput, invitationTokenSchema } from "@/lib/schemas/team";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates an invitation link; the token is returned once and only its hash is stored. */
export async function createInvitation(teamId: string, createdById: string, raw: unknown) {
  const input = createInvitationInput.parse(raw);
  const token = randomBytes(32).toString("base64url");
  const invitation = await db().invitation.create({
    data: {
      teamId,
      createdById,
      role: input.role,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
    },
    select: { id: true, role: true, expiresAt: true },
  });
  return { ...invitation, token };
}

/** Invitations of the team that can still be accepted. */
export async function listInvitations(teamId: string) {
  return db().invitation.findMany({
    where: { teamId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeInvitation(teamId: string, invitationId: string) {
  const { count } = await db().invitation.updateMany({
    where: { id: invitationId, teamId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("Invitation");
}

/** Why an invitation cannot be used, or null when it can. */
function unusable(invitation: {
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}) {
  if (invitation.acceptedAt) return "This invitation has already been used";
  if (invitation.revokedAt) return "This invitation was revoked";
  if (invitation.expiresAt <= new Date()) return "This invitation has expired";
  return null;
}

async function findByToken(rawToken: unknown) {
  const token = invitationTokenSchema.parse(rawToken);
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { team: { select: { id: true, name: true } }, createdBy: { select: { name: true } } },
  });
  if (!invitation) throw notFound("Invitation");
  return invitation;
}

/** What the invitation page shows before the person accepts. */
export async function previewInvitation(rawToken: unknown) {
  const invitation = await findByToken(rawToken);
  return {
    teamName: invitation.team.name,
    role: invitation.role,
    invitedBy: invitation.createdBy.name,
    expiresAt: invitation.expiresAt,
    problem: unusable(invitation),
  };
}

/** Joins the team with the invitation's role; the token works once. */
export async function acceptInvitation(rawToken: unknown, userId: string) {
  const invitation = await findByToken(rawToken);
  const problem = unusable(invitation);
  if (problem) throw new AppError("CONFLICT", problem, "token");
  const team = await db().$transaction(async (tx) => {
    const member = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invitation.teamId, userId } },
    });
    if (member) throw new AppError("CONFLICT", "You are already a member of this team", "token");
    // The guarded update makes the token single-use even when two people accept at once.
    const { count } = await tx.invitation.updateMany({
      where: {
        id: invitation.id,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      data: { acceptedAt: new Date(), acceptedBy: userId },
    });
    if (count === 0)
      throw new AppError("CONFLICT", "This invitation has already been used", "token");
    await tx.membership.create({
      data: { teamId: invitation.teamId, userId, role: invitation.role },
    });
    return invitation.team;
  });
  await recordAudit({
    teamId: invitation.teamId,
    actorId: userId,
    source: "UI",
    action: "team.join",
    details: { invitationId: invitation.id, role: invitation.role },
  });
  return team;
}
