import { EmptyState, PageHeader } from "@/components/shell/page-header";

export default function SecretsPage() {
  return (
    <>
      <PageHeader title="Secrets" />
      <EmptyState title="No secrets yet">
        Named secrets your flows can use, stored encrypted, are listed here.
      </EmptyState>
    </>
  );
}
