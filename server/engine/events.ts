/** The Inngest events of the engine. */
export const RUN_REQUESTED = "weft/run.requested";
export const RUN_CANCELLED = "weft/run.cancelled";
/** Sent when a subflow's run ends, for the parent run waiting on it. */
export const RUN_FINISHED = "weft/run.finished";
export const APPROVAL_DECIDED = "weft/approval.decided";
/** Sent once every child run of a subflow node has ended, for the parent run waiting on them. */
export const SUBFLOW_DONE = "weft/subflow.done";
