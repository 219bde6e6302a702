import "server-only";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { STDLIB } from "@/lib/code/stdlib";
import type { TypeCompletions, TypeDiagnostic, TypeHover } from "@/lib/code/types";
import { AppError } from "../errors";

/**
 * A request that takes the checker longer than this ends it (a new one takes over). Types can
 * be made to take the checker minutes or all its memory: that must never be the server's.
 */
export const TYPECHECK_LIMITS = { timeMs: 8_000 };
/** The checker's heap; past it the worker dies and is replaced. */
const HEAP_MB = 768;
/** A checker unused this long is ended (its heap, a few hundred MB warm, goes back). */
const IDLE_MS = 5 * 60_000;
/** Requests a team may have waiting; past it the checker says it is busy. */
const WAITING_PER_TEAM = 4;

interface Request {
  kind: "check" | "hover" | "complete";
  code: string;
  declarations: string;
  offset?: number;
}
type Reply = {
  error?: string;
  diagnostics?: TypeDiagnostic[];
  hover?: TypeHover | null;
  completions?: TypeCompletions | null;
};

let worker: Worker | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
let chain: Promise<unknown> = Promise.resolve();
const waiting = new Map<string, number>();

function checker(): Worker {
  if (worker) return worker;
  const created = new Worker(join(process.cwd(), "server/code/typecheck-worker.cjs"), {
    workerData: { modules: STDLIB.map((module) => module.name) },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
  });
  created.unref();
  created.on("error", () => undefined);
  created.on("exit", () => {
    if (worker === created) worker = null;
  });
  worker = created;
  return created;
}

function send(request: Request): Promise<Reply> {
  const target = checker();
  const id = nextId++;
  return new Promise((resolve) => {
    clearTimeout(idle);
    const done = (reply: Reply) => {
      clearTimeout(timer);
      target.off("message", onMessage);
      target.off("exit", onExit);
      idle = setTimeout(() => {
        if (worker === target) worker = null;
        void target.terminate();
      }, IDLE_MS);
      idle.unref();
      resolve(reply);
    };
    const limit = TYPECHECK_LIMITS.timeMs;
    const timer = setTimeout(() => {
      if (worker === target) worker = null;
      void target.terminate();
      done({ error: `Type checking took longer than ${limit / 1000} s and was stopped` });
    }, limit);
    const onMessage = (reply: Reply & { id: number }) => reply.id === id && done(reply);
    const onExit = () => done({ error: "The type checker stopped (it ran out of memory)" });
    target.on("message", onMessage);
    target.on("exit", onExit);
    target.postMessage({ id, ...request });
  });
}

/**
 * Asks the type checker (one warm TypeScript language service on a worker thread, one request
 * at a time, each with a time limit) about a code node: its type errors, the type under a
 * position, or the completions there. `declarations` are the node's globals
 * (lib/code/declarations.ts).
 */
async function ask(teamId: string, request: Request): Promise<Reply> {
  const queued = waiting.get(teamId) ?? 0;
  if (queued >= WAITING_PER_TEAM)
    throw new AppError("TOO_MANY_REQUESTS", "The type checker is busy: try again");
  waiting.set(teamId, queued + 1);
  const turn = chain.then(() => send(request));
  chain = turn.catch(() => undefined);
  try {
    const reply = await turn;
    if (reply.error) throw new AppError("SERVICE_UNAVAILABLE", reply.error);
    return reply;
  } finally {
    const left = (waiting.get(teamId) ?? 1) - 1;
    if (left) waiting.set(teamId, left);
    else waiting.delete(teamId);
  }
}

type Source = { code: string; declarations: string };

export const typeDiagnostics = async (teamId: string, source: Source) =>
  (await ask(teamId, { kind: "check", ...source })).diagnostics ?? [];

export const typeAt = async (teamId: string, source: Source, offset: number) =>
  (await ask(teamId, { kind: "hover", ...source, offset })).hover ?? null;

export const completionsAt = async (teamId: string, source: Source, offset: number) =>
  (await ask(teamId, { kind: "complete", ...source, offset })).completions ?? null;
