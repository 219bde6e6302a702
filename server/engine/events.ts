/** The Inngest events of the engine. */
export const RUN_REQUESTED = "weft/run.requested";
export const RUN_CANCELLED = "weft/run.cancelled";
/** Sent when a subflow's run ends, for the parent run waiting on it. */
export const RUN_FINISHED = "weft/run.finished";
export const APPROVAL_DECIDED = "weft/approval.decided";
/** Sent once every child run of a subflow node has ended, for the parent run waiting on them. */
export const SUBFLOW_DONE = "weft/subflow.done";

/** The PostgreSQL NOTIFY channel that announces a run's new events (payload: the run id). */
export const RUN_EVENTS_CHANNEL = "weft_run_events";
