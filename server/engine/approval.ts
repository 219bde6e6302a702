import "server-only";
import { redact } from "@/lib/expressions/redact";
import { BlockError } from "../blocks/types";
import { loadNodeContext, recordFailure, resolvedConfig, type StepOutcome } from "./node-step";
import { recordedOutcome, setNodeState } from "./state";

const DEFAULT_TIMEOUT_SECONDS = 7 * 86_400;

export interface Decision {
  approved: boolean;
  by: string;
  at: string;
  comment: string;
}

/** Starts an approval node: Running and waiting for a person; returns how long to wait. */
export async function beginApproval(
  runId: string,
  nodeId: string,
  inputFrom: string | null,
): Promise<StepOutcome | { timeoutSeconds: number; onTimeout: string; message: string }> {
  const ctx = await loadNodeContext(runId, nodeId, inputFrom);
  if (!ctx) return { status: "cancelled" };
  try {
    const config = await resolvedConfig(ctx);
    const timeoutSeconds = Number(config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
      throw new BlockError("config.timeoutSeconds: must be a positive number of seconds", false);
    const started = await setNodeState(runId, nodeId, "RUNNING", {
      attempts: 1,
      startedAt: new Date(),
      input: redact(config, ctx.secrets),
    });
    if (!started) return recordedOutcome(runId, nodeId);
    return {
      timeoutSeconds,
      onTimeout: String(config.onTimeout ?? "reject"),
      // Shown to everyone who can read the run, and carried in its events: never a secret.
      message: redact(String(config.message ?? ""), ctx.secrets),
    };
  } catch (error) {
    return recordFailure(ctx, 1, 1, error);
  }
}

/**
 * Opens a running approval node to decisions. The flow-run function runs this step in the same
 * round in which it registers the wait for the decision, so once this event is written a decision
 * always finds someone listening (`decideApproval` refuses any earlier).
 */
export async function openApproval(runId: string, nodeId: string, message: string) {
  return setNodeState(
    runId,
    nodeId,
    "RUNNING",
    {
      logs: [{ level: "info", message: "Waiting for a decision", time: new Date().toISOString() }],
    },
    { waiting: "approval", message },
  );
}

/** Ends an approval node with the decision, or with its timeout outcome. */
export async function endApproval(
  runId: string,
  nodeId: string,
  decision: Decision | null,
  onTimeout: string,
): Promise<StepOutcome> {
  if (!decision && onTimeout === "fail") {
    const failed = await setNodeState(
      runId,
      nodeId,
      "FAILED",
      {
        error: { message: "Nobody decided before the approval timed out" },
        finishedAt: new Date(),
      },
      { message: "timed out" },
    );
    return failed ? { status: "failed", retry: false } : recordedOutcome(runId, nodeId);
  }
  const output = decision
    ? { ...decision, timedOut: false }
    : {
        approved: onTimeout === "approve",
        by: null,
        at: new Date().toISOString(),
        comment: "",
        timedOut: true,
      };
  const branch = output.approved ? "true" : "false";
  const done = await setNodeState(
    runId,
    nodeId,
    "COMPLETED",
    { output, branch, finishedAt: new Date() },
    { branch },
  );
  return done ? { status: "completed", branch } : recordedOutcome(runId, nodeId);
}
