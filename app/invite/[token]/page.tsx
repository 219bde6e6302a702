import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation } from "@/components/team/accept-invitation";
import { Alert } from "@/components/ui/alert";
import { ROLE_LABELS } from "@/lib/schemas/team";
import { currentUser } from "@/server/auth/session";
import { previewInvitation } from "@/server/teams/invitations";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (await currentUser())
    return (
      <AuthCard title="Team invitation">
        <AcceptInvitation token={token} />
      </AuthCard>
    );
  // Before signing up, people see who invites them to which team, and as what.
  const invitation = await previewInvitation(token).catch(() => null);
  const back = encodeURIComponent(`/invite/${encodeURIComponent(token)}`);
  return (
    <AuthCard title="Team invitation">
      {invitation ? (
        <div className="space-y-4 text-center">
          <p>
            {invitation.invitedBy} invited you to join <strong>{invitation.teamName}</strong> as{" "}
            <strong>{ROLE_LABELS[invitation.role].toLowerCase()}</strong>.
          </p>
          {invitation.problem ? (
            <Alert tone="error">{invitation.problem}</Alert>
          ) : (
            <>
              <Link
                href={`/sign-up?callbackUrl=${back}`}
                className="block rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500"
              >
                Create an account to join
              </Link>
              <p className="text-sm">
                Already on Weft?{" "}
                <Link href={`/sign-in?callbackUrl=${back}`} className="text-indigo-600">
                  Sign in to join
                </Link>
              </p>
            </>
          )}
        </div>
      ) : (
        <Alert tone="error">This invitation link is not valid. Ask for a new one.</Alert>
      )}
    </AuthCard>
  );
}
