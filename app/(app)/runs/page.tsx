import { EmptyState, PageHeader } from "@/components/shell/page-header";

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" />
      <EmptyState title="No runs yet">
        Every run of your team's flows, with its status, shows up here.
      </EmptyState>
    </>
  );
}
