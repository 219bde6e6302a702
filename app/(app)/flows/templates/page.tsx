import Link from "next/link";
import { TemplateGallery } from "@/components/flows/template-gallery";
import { PageHeader } from "@/components/shell/page-header";
import { hasRole } from "@/lib/schemas/team";
import { requireUser } from "@/server/auth/session";
import { currentMembership } from "@/server/teams/current-team";

export default async function TemplatesPage() {
  const user = await requireUser("/flows/templates");
  const { role } = await currentMembership(user.id);
  return (
    <>
      <PageHeader
        title="Templates"
        description="Starter flows: pick one, then set its parameters and secrets to yours."
        actions={
          <Link href="/flows" className="text-sm text-indigo-600">
            Back to flows
          </Link>
        }
      />
      <TemplateGallery canEdit={hasRole(role, "EDITOR")} />
    </>
  );
}
