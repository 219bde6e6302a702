import { runCondition, runJavaScript, runTransform } from "./code";
import { runHttpRequest } from "./http";
import type { BlockRunner } from "./types";

/** The runner of every block that executes inside one step. */
export const RUNNERS: Record<string, BlockRunner> = {
  "http.request": runHttpRequest,
  "code.javascript": runJavaScript,
  "transform.jsonata": runTransform,
  "logic.condition": runCondition,
};
