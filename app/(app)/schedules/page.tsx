import { EmptyState, PageHeader } from "@/components/shell/page-header";

export default function SchedulesPage() {
  return (
    <>
      <PageHeader title="Schedules" />
      <EmptyState title="No schedules yet">
        Cron and interval schedules that start your flows are listed here.
      </EmptyState>
    </>
  );
}
