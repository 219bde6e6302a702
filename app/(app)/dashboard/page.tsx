import { Suspense } from "react";
import { Dashboard } from "@/components/dashboards/dashboard";
import { PageHeader } from "@/components/shell/page-header";

export default function DashboardPage() {
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="How your team's flows are doing: success rate, runs per day, durations and recent failures."
      />
      {/* The flow and period live in the query string (useSearchParams). */}
      <Suspense>
        <Dashboard />
      </Suspense>
    </>
  );
}
