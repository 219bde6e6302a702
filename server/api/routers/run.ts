import "server-only";
import {
  decideApprovalInput,
  listRunsInput,
  runIdInput,
  runNodeIdInput,
  runNodeInput,
  runStatsInput,
  startRunInput,
  testRunInput,
} from "@/lib/schemas/run";
import { z } from "zod";
import { runStats } from "../../dashboards/stats";
import { inngest } from "../../inngest/client";
import { decideApproval } from "../../runs/decide-approval";
import { openRunEvents } from "../../runs/run-events";
import { cancelRun } from "../../runs/cancel-run";
import { getRunNode, getRunView, listRuns } from "../../runs/read-runs";
import { rerunFromFailure } from "../../runs/rerun-from-failure";
import { runNodeAlone } from "../../runs/run-node-alone";
import { startRun } from "../../runs/start-run";
import { startTestRun } from "../../runs/test-run";
import { router, teamProcedure } from "../trpc";

export const runRouter = router({
  list: teamProcedure("VIEWER")
    .input(listRunsInput)
    .query(({ ctx, input }) => listRuns(ctx.team.id, input)),
  /** Success rate, runs per day, duration p50/p95 and recent failures, for the team or a flow. */
  stats: teamProcedure("VIEWER")
    .input(runStatsInput)
    .query(({ ctx, input }) => runStats(ctx.team.id, input)),
  /** The run page's view: node summaries, kept current by `events`. */
  get: teamProcedure("VIEWER")
    .input(runIdInput)
    .query(({ ctx, input }) => getRunView(ctx.team.id, input.runId)),
  /** One node's input, output, errors and logs. */
  node: teamProcedure("VIEWER")
    .input(runNodeIdInput)
    .query(({ ctx, input }) => getRunNode(ctx.team.id, input.runId, input.nodeId)),
  /** The run's event stream (SSE); `lastEventId` resumes after a reconnect. */
  events: teamProcedure("VIEWER")
    .input(runIdInput.extend({ lastEventId: z.string().max(32).nullish() }))
    .subscription(({ ctx, input, signal }) =>
      openRunEvents(
        { teamId: ctx.team.id, userId: ctx.userId },
        input.runId,
        input.lastEventId ?? null,
        signal,
      ),
    ),
  start: teamProcedure("EDITOR")
    .input(startRunInput)
    .mutation(({ ctx, input }) =>
      startRun(
        { teamId: ctx.team.id, userId: ctx.userId, trigger: "MANUAL" },
        input,
        inngest,
        "while-answering",
      ),
    ),
  cancel: teamProcedure("EDITOR")
    .input(runIdInput)
    .mutation(({ ctx, input }) => cancelRun(ctx.team.id, input.runId)),
  /** Re-runs a failed run on the latest version, or the one named. */
  rerunFromFailure: teamProcedure("EDITOR")
    .input(runIdInput.extend({ version: z.number().int().min(1).optional() }))
    .mutation(({ ctx, input }) =>
      rerunFromFailure(ctx.team.id, ctx.userId, input.runId, { version: input.version }),
    ),
  /** Approve or reject a waiting approval node (editors and owners). */
  decide: teamProcedure("EDITOR")
    .input(decideApprovalInput)
    .mutation(({ ctx, input }) => decideApproval(ctx.team.id, ctx.userId, input, inngest)),
  /** Runs the editor's unsaved draft (or one node of it) as a test run, pinned data standing in. */
  test: teamProcedure("EDITOR")
    .input(testRunInput)
    .mutation(({ ctx, input }) => startTestRun(ctx.team.id, ctx.userId, input)),
  runNode: teamProcedure("EDITOR")
    .input(runNodeInput)
    .mutation(({ ctx, input }) => runNodeAlone(ctx.team.id, ctx.userId, input)),
});
