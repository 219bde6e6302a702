import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** Limits of one execution; the QuickJS runtime is created for it and disposed after it. */
export const SANDBOX_LIMITS = { timeMs: 5_000, memoryBytes: 64 * 1024 * 1024 };
/** Extra time before the host kills a worker that did not stop itself. */
const KILL_GRACE_MS = 2_000;
const POOL_SIZE = 2;

export interface SandboxLog {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  time: number;
}

export interface SandboxJob {
  code: string;
  /** Passed as JSON and bound as the function's arguments, by name. */
  globals: Record<string, unknown>;
  timeMs?: number;
  memoryBytes?: number;
}

export type SandboxResult =
  | { ok: true; value: unknown; logs: SandboxLog[] }
  | { ok: false; error: string; frame?: string; logs: SandboxLog[] };

interface Reply {
  id: number;
  value?: string;
  error?: string;
  /** Where in the user's code the error was thrown. */
  frame?: string;
  logs: SandboxLog[];
  recycle: boolean;
}

class SandboxWorker {
  private worker = new Worker(join(process.cwd(), "server/blocks/sandbox/worker.cjs"));
  busy = false;
  dead = false;
  constructor() {
    this.worker.unref();
    this.worker.on("error", () => (this.dead = true));
    this.worker.on("exit", () => (this.dead = true));
  }

  run(job: Required<SandboxJob> & { id: number }): Promise<Reply> {
    this.busy = true;
    return new Promise<Reply>((resolve) => {
      const kill = setTimeout(() => {
        this.dead = true;
        void this.worker.terminate();
        resolve({
          id: job.id,
          error: `The code ran longer than its time limit of ${job.timeMs} ms and was stopped`,
          logs: [],
          recycle: true,
        });
      }, job.timeMs + KILL_GRACE_MS);
      const done = (reply: Reply) => {
        clearTimeout(kill);
        this.worker.off("message", onMessage);
        this.worker.off("exit", onExit);
        this.busy = false;
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

const workers: SandboxWorker[] = [];
const waiting: (() => void)[] = [];
let nextId = 1;

async function acquire(): Promise<SandboxWorker> {
  for (;;) {
    for (let index = workers.length - 1; index >= 0; index--)
      if (workers[index]!.dead) workers.splice(index, 1);
    const idle = workers.find((worker) => !worker.busy);
    if (idle) return idle;
    if (workers.length < POOL_SIZE) {
      const worker = new SandboxWorker();
      workers.push(worker);
      return worker;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

/**
 * Runs `code` as the body of an async function in a QuickJS sandbox on a worker thread: no host
 * objects, `require`, `process`, network, timers or filesystem; data goes in and out as JSON. An
 * overrun cannot block the server: the worker stops the job, or the host kills the worker.
 */
export async function runSandboxed(job: SandboxJob): Promise<SandboxResult> {
  const worker = await acquire();
  try {
    const reply = await worker.run({
      timeMs: SANDBOX_LIMITS.timeMs,
      memoryBytes: SANDBOX_LIMITS.memoryBytes,
      ...job,
      id: nextId++,
    });
    if (reply.error !== undefined)
      return { ok: false, error: reply.error, frame: reply.frame, logs: reply.logs };
    return { ok: true, value: JSON.parse(reply.value ?? "null") as unknown, logs: reply.logs };
  } finally {
    waiting.shift()?.();
  }
}
