import "server-only";
import type { BlockId } from "@/lib/blocks/catalog";
import { approval } from "./approval";
import { runCondition, runJavaScript, runTransform } from "./code";
import { delay } from "./delay";
import { runHttpRequest } from "./http";
import { runEmailNotify, runSlackNotify, runWebhookNotify } from "./notify";
import { stepBlock, type BlockRuntime } from "./runtime";
import { runSql } from "./sql";
import { runStorage } from "./storage";
import { subflow, teamBlock } from "./subflow";

/**
 * The runtime of every block of the catalog: the compiler refuses a catalog entry without one.
 * Adding a block = its catalog entry, its runtime here, its test and its docs row. Built on first
 * use: the durable blocks and the engine import each other, so nothing is read at module load.
 */
const runtimes = () =>
  ({
    "http.request": stepBlock(runHttpRequest),
    "code.javascript": stepBlock(runJavaScript),
    "transform.jsonata": stepBlock(runTransform),
    "logic.condition": stepBlock(runCondition),
    "sql.query": stepBlock(runSql),
    "notify.webhook": stepBlock(runWebhookNotify),
    "notify.slack": stepBlock(runSlackNotify),
    "notify.email": stepBlock(runEmailNotify),
    "storage.s3": stepBlock(runStorage),
    "flow.delay": delay,
    "flow.approval": approval,
    "flow.subflow": subflow,
    "flow.block": teamBlock,
  }) satisfies Record<BlockId, BlockRuntime>;

let registry: Record<string, BlockRuntime> | undefined;

/** The runtime of a block id as stored in a flow (which may name a block this Weft lacks). */
export const runtimeOf = (block: string): BlockRuntime | undefined =>
  (registry ??= runtimes() as Record<string, BlockRuntime>)[block];
