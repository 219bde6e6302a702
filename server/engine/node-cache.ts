import "server-only";
import { createHash } from "node:crypto";
import type { FlowNode } from "@/lib/flow/document";
import { resolveConfig } from "@/lib/expressions/evaluate";
import { sandboxedEvaluator } from "../blocks/sandbox/expressions";
import { db } from "../db/client";
import { asJson } from "../db/json";
import type { NodeContext } from "./node-step";

// A node's `cache: { key, ttlSeconds }`: outputs by team, node, block, resolved key and config.

const cacheKey = (teamId: string, node: FlowNode, key: unknown, config: unknown) =>
  createHash("sha256")
    .update(JSON.stringify([teamId, node.id, node.block, key, config]))
    .digest("hex");

/** The node's cache key for this resolved config, and the cached output if it is still fresh. */
export async function lookUpCache(ctx: NodeContext, config: Record<string, unknown>) {
  const cache = ctx.node.cache;
  if (!cache) return null;
  const { key: resolved } = await resolveConfig(
    { key: cache.key },
    ctx.scope,
    ctx.node.id,
    undefined,
    sandboxedEvaluator(ctx.teamId),
  );
  const key = cacheKey(ctx.teamId, ctx.node, resolved, config);
  const hit = await db().nodeCache.findFirst({
    where: { teamId: ctx.teamId, key, expiresAt: { gt: new Date() } },
  });
  return { key, hit: hit ? { output: hit.output } : null };
}

/** Keeps the node's output under `key` for its cache's time to live. */
export async function storeInCache(ctx: NodeContext, key: string, output: unknown) {
  if (!ctx.node.cache) return;
  const expiresAt = new Date(Date.now() + ctx.node.cache.ttlSeconds * 1000);
  await db().nodeCache.upsert({
    where: { teamId_key: { teamId: ctx.teamId, key } },
    create: { teamId: ctx.teamId, key, output: asJson(output), expiresAt },
    update: { output: asJson(output), createdAt: new Date(), expiresAt },
  });
}
