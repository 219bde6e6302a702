import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation } from "@/components/team/accept-invitation";
import { requireUser } from "@/server/auth/session";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  await requireUser(`/invite/${encodeURIComponent(token)}`);
  return (
    <AuthCard title="Team invitation">
      <AcceptInvitation token={token} />
    </AuthCard>
  );
}
