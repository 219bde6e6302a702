import { randomUUID } from "node:crypto";
import { createCaller } from "@/server/api/root";
import { db } from "@/server/db/client";
import { newRunId } from "@/server/engine/runs";
import { signUp } from "@/server/users/sign-up";

let sequence = 0;

/** A signed-up user (with their personal team); every field defaults to something unique. */
export async function createUser(
  overrides: Partial<{ name: string; email: string; password: string }> = {},
) {
  sequence += 1;
  const input = {
    name: overrides.name ?? `User ${sequence}`,
    email: overrides.email ?? `user-${sequence}-${randomUUID().slice(0, 8)}@example.test`,
    password: overrides.password ?? "correct horse battery",
  };
  const user = await signUp(input, `factory-${randomUUID()}`);
  if (!user) throw new Error(`${input.email} has an account already`);
  return { ...user, password: input.password };
}

/** A tRPC caller acting as `userId`, in `teamId` when given (else their personal team). */
export function callerFor(userId: string | null, teamId: string | null = null) {
  return createCaller({
    userId,
    teamId,
    preferredTeamId: null,
    ip: "127.0.0.1",
    resHeaders: new Headers(),
  });
}

/** A user who owns a second, non-personal team, with a caller in that team. */
export async function createTeamWithOwner(name = "Acme") {
  const owner = await createUser();
  const team = await callerFor(owner.id).team.create({ name });
  return { owner, team, caller: callerFor(owner.id, team.id) };
}

/** Adds a new user to the owner's team with `role` by invitation; returns the user and caller. */
export async function addMember(
  ownerCaller: ReturnType<typeof callerFor>,
  teamId: string,
  role: "OWNER" | "EDITOR" | "VIEWER",
) {
  const user = await createUser();
  const { token } = await ownerCaller.invitation.create({ role, expiresInDays: 7 });
  await callerFor(user.id).invitation.accept({ token });
  return { user, caller: callerFor(user.id, teamId) };
}

/** A finished run of version 1 of `flowId`, stored as is (no execution). */
export async function storedRun(
  teamId: string,
  flowId: string,
  data: { trigger?: "MANUAL" | "API"; status?: "RUNNING" | "COMPLETED" | "FAILED" } = {},
) {
  const version = await db().flowVersion.findFirstOrThrow({ where: { flowId, number: 1 } });
  return db().run.create({
    data: {
      id: newRunId(),
      teamId,
      flowId,
      flowVersionId: version.id,
      version: 1,
      trigger: data.trigger ?? "API",
      status: data.status ?? "COMPLETED",
    },
  });
}
