import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";

/** The signed-in user's id and name, or null. */
export async function currentUser() {
  const session = await getServerSession(authOptions());
  return session?.user?.id ? session.user : null;
}

/** The signed-in user; anyone else is sent to the sign-in page and back here afterwards. */
export async function requireUser(returnTo: string) {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
