import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { EXPRESSION_LIMITS } from "@/lib/expressions/evaluate";
import { env } from "@/server/env";
import { LOG_LIMITS } from "@/server/engine/log-buffer";

/** Limits of one execution; the QuickJS runtime is created for it and disposed after it. */
export const SANDBOX_LIMITS = { timeMs: 5_000, memoryBytes: 64 * 1024 * 1024 };
/** Extra time before the host kills a worker that did not stop itself. */
const KILL_GRACE_MS = { javascript: 2_000, jsonata: 250 };

export interface SandboxLog {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  time: number;
}

interface Queued {
  /** Whose work it is: waiting jobs are served one team at a time, in turn. */
  teamId?: string;
}

export interface SandboxJob extends Queued {
  code: string;
  /** Passed as JSON and bound as the function's arguments, by name. */
  globals: Record<string, unknown>;
  timeMs?: number;
  memoryBytes?: number;
}

export interface ExpressionJob extends Queued {
  /** A JSONata expression, evaluated over `input`. */
  expression: string;
  input: unknown;
}

export type SandboxResult = {
  logs: SandboxLog[];
  /** Console lines the sandbox dropped past the log limits. */
  droppedLogs: number;
  queuedMs: number;
} & ({ ok: true; value: unknown } | { ok: false; error: string; frame?: string });

interface Reply {
  id: number;
  value?: string;
  error?: string;
  /** Where in the user's code the error was thrown. */
  frame?: string;
  logs: SandboxLog[];
  droppedLogs?: number;
  recycle: boolean;
}

type WorkerJob =
  | {
      kind: "javascript";
      id: number;
      code: string;
      /** The code requires a module: it runs in the image with the standard library. */
      libraries: boolean;
      globals: unknown;
      timeMs: number;
      memoryBytes: number;
      logLines: number;
      logBytes: number;
    }
  | {
      kind: "jsonata";
      id: number;
      expression: string;
      input: unknown;
      timeMs: number;
      depth: number;
    };

const overrun = (job: WorkerJob) =>
  job.kind === "jsonata"
    ? `the expression ran longer than ${job.timeMs} ms and was stopped`
    : `The code ran longer than its time limit of ${job.timeMs} ms and was stopped`;

class SandboxWorker {
  private worker = new Worker(join(process.cwd(), "server/blocks/sandbox/worker.cjs"));
  dead = false;
  /** Settles once the worker has built its image (the globals loaded, a tenth of a second). */
  private ready: Promise<string | null>;
  /** Settles once the worker has built the standard library's image, asked for on first need. */
  private libraries?: Promise<string | null>;
  constructor() {
    this.worker.unref();
    this.worker.on("error", () => (this.dead = true));
    this.worker.on("exit", () => (this.dead = true));
    this.ready = this.answer("ready", "The sandbox could not start");
  }

  /** Null once the worker says `key` is done, else why it is not. */
  private answer(key: "ready" | "libraries", failure: string): Promise<string | null> {
    return new Promise((resolve) => {
      const onMessage = (message: { ready?: boolean; libraries?: boolean; error?: string }) => {
        if (message[key] === undefined) return;
        this.worker.off("message", onMessage);
        this.worker.off("exit", onExit);
        resolve(message[key] ? null : `${failure}: ${message.error}`);
      };
      const onExit = () => resolve("The sandbox stopped unexpectedly");
      this.worker.on("message", onMessage);
      this.worker.once("exit", onExit);
    });
  }

  /** The image the job runs in, built: a job's clock starts after it, not while it loads. */
  private prepared(job: WorkerJob): Promise<string | null> {
    if (job.kind !== "javascript" || !job.libraries) return this.ready;
    if (!this.libraries) {
      this.libraries = this.ready.then((failed) => {
        if (failed) return failed;
        const loaded = this.answer("libraries", "The sandbox could not load its standard library");
        this.worker.postMessage({ kind: "libraries" });
        return loaded;
      });
    }
    return this.libraries;
  }

  async run(job: WorkerJob): Promise<Reply> {
    const failed = await this.prepared(job);
    if (failed) {
      this.dead = true;
      void this.worker.terminate();
      return { id: job.id, error: failed, logs: [], recycle: true };
    }
    return new Promise<Reply>((resolve) => {
      // A job that does not stop itself (a regular expression that backtracks for ever cannot be
      // interrupted from inside) loses its thread: the host terminates the worker.
      const kill = setTimeout(() => {
        this.dead = true;
        void this.worker.terminate();
        resolve({ id: job.id, error: overrun(job), logs: [], recycle: true });
      }, job.timeMs + KILL_GRACE_MS[job.kind]);
      const done = (reply: Reply) => {
        clearTimeout(kill);
        this.worker.off("message", onMessage);
        this.worker.off("exit", onExit);
        if (reply.recycle) {
          this.dead = true;
          void this.worker.terminate();
        }
        resolve(reply);
      };
      const onMessage = (reply: Reply) => reply.id === job.id && done(reply);
      const onExit = () =>
        done({ id: job.id, error: "The sandbox stopped unexpectedly", logs: [], recycle: true });
      this.worker.on("message", onMessage);
      this.worker.on("exit", onExit);
      this.worker.postMessage(job);
    });
  }
}

const idle: SandboxWorker[] = [];
let running = 0;
/** Waiting jobs by team, and the order in which teams get the next free worker. */
const waiting = new Map<string, ((worker: SandboxWorker) => void)[]>();
const turns: string[] = [];
let nextId = 1;

const poolSize = () => env().WEFT_SANDBOX_WORKERS;

function take(): SandboxWorker | undefined {
  while (idle.length) {
    const worker = idle.pop()!;
    if (!worker.dead) return worker;
  }
  return running < poolSize() ? new SandboxWorker() : undefined;
}

/** A worker for `teamId`: at once when one is free, else when its team's turn comes. */
function acquire(teamId: string): Promise<SandboxWorker> {
  const worker = waiting.size ? undefined : take();
  if (worker) {
    running++;
    return Promise.resolve(worker);
  }
  return new Promise((resolve) => {
    const queue = waiting.get(teamId);
    if (queue) queue.push(resolve);
    else {
      waiting.set(teamId, [resolve]);
      turns.push(teamId);
    }
  });
}

/** Hands a finished worker to the next team in turn (round robin), or parks it. */
function release(worker: SandboxWorker) {
  running--;
  const teamId = turns.shift();
  if (teamId === undefined) {
    if (!worker.dead) idle.push(worker);
    return;
  }
  const queue = waiting.get(teamId)!;
  const next = queue.shift()!;
  if (queue.length) turns.push(teamId);
  else waiting.delete(teamId);
  const handed = worker.dead ? take() : worker;
  running++;
  next(handed ?? new SandboxWorker());
}

async function dispatch(teamId: string, job: WorkerJob) {
  const queuedAt = performance.now();
  const worker = await acquire(teamId);
  const queuedMs = Math.round(performance.now() - queuedAt);
  try {
    return { reply: await worker.run(job), queuedMs };
  } finally {
    release(worker);
  }
}

const result = (reply: Reply, queuedMs: number): SandboxResult =>
  reply.error !== undefined
    ? {
        ok: false,
        error: reply.error,
        frame: reply.frame,
        logs: reply.logs,
        droppedLogs: reply.droppedLogs ?? 0,
        queuedMs,
      }
    : {
        ok: true,
        value: reply.value === undefined ? undefined : (JSON.parse(reply.value) as unknown),
        logs: reply.logs,
        droppedLogs: reply.droppedLogs ?? 0,
        queuedMs,
      };

/**
 * Runs `code` as the body of an async function in a QuickJS sandbox on a worker thread: no host
 * objects, `require`, `process`, network, timers or filesystem; data goes in and out as JSON. An
 * overrun cannot block the server: the worker stops the job, or the host kills the worker.
 */
export async function runSandboxed(job: SandboxJob): Promise<SandboxResult> {
  const { reply, queuedMs } = await dispatch(job.teamId ?? "", {
    kind: "javascript",
    id: nextId++,
    code: job.code,
    libraries: /\brequire\s*\(/.test(job.code),
    globals: job.globals,
    timeMs: job.timeMs ?? SANDBOX_LIMITS.timeMs,
    memoryBytes: job.memoryBytes ?? SANDBOX_LIMITS.memoryBytes,
    logLines: LOG_LIMITS.lines,
    logBytes: LOG_LIMITS.bytes,
  });
  return result(reply, queuedMs);
}

/**
 * Evaluates a JSONata expression on a worker thread with a hard deadline: even a regular
 * expression that backtracks catastrophically stops the expression, never the server.
 */
export async function evaluateSandboxed(job: ExpressionJob): Promise<SandboxResult> {
  const { reply, queuedMs } = await dispatch(job.teamId ?? "", {
    kind: "jsonata",
    id: nextId++,
    expression: job.expression,
    input: job.input,
    timeMs: EXPRESSION_LIMITS.timeMs,
    depth: EXPRESSION_LIMITS.depth,
  });
  return result(reply, queuedMs);
}
