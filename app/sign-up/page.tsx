import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeRedirect } from "@/lib/safe-redirect";
import { currentUser } from "@/server/auth/session";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const callbackUrl = safeRedirect((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthCard title="Create your account">
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
