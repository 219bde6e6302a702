import { Suspense } from "react";
import { RunList } from "@/components/runs/run-list";
import { PageHeader } from "@/components/shell/page-header";

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every run of your team's flows." />
      {/* The filters live in the query string (useSearchParams). */}
      <Suspense>
        <RunList />
      </Suspense>
    </>
  );
}
