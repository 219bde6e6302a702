import "server-only";
import { signUpInput } from "@/lib/schemas/auth";
import { hashPassword } from "../auth/password";
import { hit, SIGN_UP_PER_IP } from "../auth/rate-limit";
import { db } from "../db/client";
import { AppError } from "../errors";
import { createUserWithTeam } from "./create-user";

const emailTaken = () =>
  new AppError("CONFLICT", "An account with this email already exists", "email");

/** Registers a user with email and password and gives them a personal team. */
export async function signUp(raw: unknown, ip: string) {
  const input = signUpInput.parse(raw);
  await hit(`sign-up:ip:${ip}`, SIGN_UP_PER_IP);
  if (await db().user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw emailTaken();
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction((tx) =>
      createUserWithTeam(tx, { email: input.email, name: input.name, passwordHash }),
    );
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw emailTaken();
    throw error;
  }
}
