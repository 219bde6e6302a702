import { runCondition, runJavaScript, runTransform } from "./code";
import { runHttpRequest } from "./http";
import { runEmailNotify, runSlackNotify, runWebhookNotify } from "./notify";
import { runSql } from "./sql";
import type { BlockRunner } from "./types";

/** The runner of every block that executes inside one step. */
export const RUNNERS: Record<string, BlockRunner> = {
  "http.request": runHttpRequest,
  "code.javascript": runJavaScript,
  "transform.jsonata": runTransform,
  "logic.condition": runCondition,
  "sql.query": runSql,
  "notify.webhook": runWebhookNotify,
  "notify.slack": runSlackNotify,
  "notify.email": runEmailNotify,
};
