import { EmptyState, PageHeader } from "@/components/shell/page-header";

export default function FlowsPage() {
  return (
    <>
      <PageHeader title="Flows" />
      <EmptyState title="No flows yet">
        Flows your team composes on the canvas are listed here.
      </EmptyState>
    </>
  );
}
