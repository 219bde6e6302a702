import "server-only";
import { emailSchema } from "@/lib/schemas/auth";
import { db } from "../db/client";
import { UNKNOWN_IP } from "./client-ip";
import { hashPassword, verifyPassword } from "./password";
import { checkBackoff, clearFailures, hit, recordFailure, SIGN_IN_PER_IP } from "./rate-limit";

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("weft-decoy-password");

/**
 * The user with this email and password, or null. Wrong passwords are throttled per (email,
 * address) with a growing wait rather than a lock-out, so an attacker elsewhere cannot lock the
 * owner of an email out; a known address is also limited across emails.
 */
export async function verifyCredentials(rawEmail: unknown, password: unknown, ip: string) {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success || typeof password !== "string") return null;
  if (ip !== UNKNOWN_IP) await hit(`sign-in:ip:${ip}`, SIGN_IN_PER_IP);
  const key = `sign-in:failures:${email.data}:${ip}`;
  await checkBackoff(key);
  const user = await db().user.findUnique({ where: { email: email.data } });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (user && user.passwordHash && ok) {
    await clearFailures(key);
    return { id: user.id, email: user.email, name: user.name };
  }
  await recordFailure(key);
  return null;
}
