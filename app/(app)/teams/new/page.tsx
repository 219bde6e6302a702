import { PageHeader } from "@/components/shell/page-header";
import { CreateTeamForm } from "@/components/team/create-team-form";

export default function NewTeamPage() {
  return (
    <>
      <PageHeader title="New team" description="You become its owner and can invite others." />
      <CreateTeamForm />
    </>
  );
}
