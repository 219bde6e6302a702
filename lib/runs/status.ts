/** Run and node statuses, and the groups of them the server and the client test for. */
export const RUN_STATUSES = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
] as const;
export type RunStatusName = (typeof RUN_STATUSES)[number];

export const NODE_STATUSES = [
  "PENDING",
  "RUNNING",
  "RETRYING",
  "COMPLETED",
  "FAILED",
  "SKIPPED",
  "CACHED",
  "CANCELLED",
] as const;
export type NodeStatusName = (typeof NODE_STATUSES)[number];

/** A run in one of these may still change; the others are final. */
export const ACTIVE_RUN_STATUSES = ["SCHEDULED", "PENDING", "RUNNING"] as const;
/** A run in one of these has not started executing yet. */
export const WAITING_RUN_STATUSES = ["SCHEDULED", "PENDING"] as const;
export const FINAL_RUN_STATUSES = ["COMPLETED", "FAILED", "CANCELLED"] as const;
/** A node in one of these has not ended. */
export const OPEN_NODE_STATUSES = ["PENDING", "RUNNING", "RETRYING"] as const;

export const isActiveRun = (status: string) =>
  (ACTIVE_RUN_STATUSES as readonly string[]).includes(status);

/** A list of statuses as SQL literals, for `status IN (…)` in plain-SQL statements. */
export const sqlList = (statuses: readonly string[]) =>
  statuses.map((status) => `'${status}'`).join(", ");
