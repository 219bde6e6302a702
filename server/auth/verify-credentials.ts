import "server-only";
import { emailSchema } from "@/lib/schemas/auth";
import { db } from "../db/client";
import { hashPassword, verifyPassword } from "./password";
import { hit, SIGN_IN_PER_EMAIL, SIGN_IN_PER_IP } from "./rate-limit";

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("weft-decoy-password");

/** The user with this email and password, or null. Throws TOO_MANY_REQUESTS past the limits. */
export async function verifyCredentials(rawEmail: unknown, password: unknown, ip: string) {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success || typeof password !== "string") return null;
  await hit(`sign-in:ip:${ip}`, SIGN_IN_PER_IP);
  await hit(`sign-in:email:${email.data}`, SIGN_IN_PER_EMAIL);
  const user = await db().user.findUnique({ where: { email: email.data } });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  return user && user.passwordHash && ok
    ? { id: user.id, email: user.email, name: user.name }
    : null;
}
