import "server-only";
import { signUpInput } from "@/lib/schemas/auth";
import { UNKNOWN_IP } from "../auth/client-ip";
import { hashPassword } from "../auth/password";
import { hit, SIGN_UP_PER_IP, SIGN_UP_UNKNOWN_IP } from "../auth/rate-limit";
import { db } from "../db/client";
import { createUserWithTeam } from "./create-user";

/**
 * Registers a user with email and password and gives them a personal team. Returns the new user,
 * or null when the email already has an account (nothing is written then). The tRPC procedure
 * answers both alike, so sign-up cannot tell anyone which emails are registered; the password is
 * hashed either way, so neither can its timing.
 */
export async function signUp(raw: unknown, ip: string) {
  const input = signUpInput.parse(raw);
  await hit(`sign-up:ip:${ip}`, ip === UNKNOWN_IP ? SIGN_UP_UNKNOWN_IP : SIGN_UP_PER_IP);
  const passwordHash = await hashPassword(input.password);
  if (await db().user.findUnique({ where: { email: input.email }, select: { id: true } }))
    return null;
  try {
    return await db().$transaction((tx) =>
      createUserWithTeam(tx, { email: input.email, name: input.name, passwordHash }),
    );
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides.
    if ((error as { code?: string }).code === "P2002") return null;
    throw error;
  }
}
