import type { InngestFunction } from "inngest";
import { createSubflowChildFunction } from "../blocks/subflow";
import { createDeadlineFunction } from "../engine/deadline";
import { createFlowRunFunction } from "../engine/flow-run";
import { createReconcileFunction } from "../engine/reconcile";
import { createScheduleTickFunction } from "../schedules/tick";
import { inngest } from "./client";

/** Every Inngest function Weft serves. */
export const functions: InngestFunction.Any[] = [
  createFlowRunFunction(inngest),
  createScheduleTickFunction(inngest),
  createReconcileFunction(inngest),
  createDeadlineFunction(inngest),
  createSubflowChildFunction(inngest),
];
