import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeRedirect } from "@/lib/safe-redirect";
import { enabledOAuthProviders } from "@/server/auth/options";
import { currentUser } from "@/server/auth/session";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const callbackUrl = safeRedirect((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in">
      <SignInForm callbackUrl={callbackUrl} providers={enabledOAuthProviders()} />
    </AuthCard>
  );
}
