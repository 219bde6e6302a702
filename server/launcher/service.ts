import { spawn } from "node:child_process";
import path from "node:path";

// From the working directory (the project), as the migrations are: the launcher may run bundled.
const exitWithParent = path.resolve("server/launcher/exit-with-parent.mjs");

/** What a started service hands back to the launcher. */
export interface Running {
  /** Variables the services started after this one (and the app) receive. */
  env?: Record<string, string>;
  /** One line for the terminal: what runs where. */
  summary: string;
  /** Resolves with an exit code if the service ends by itself. */
  exited?: Promise<number>;
  stop(): Promise<void>;
}

/** A process the launcher owns. Add one by writing a `Service` and listing it in main.ts. */
export interface Service {
  name: string;
  start(env: Record<string, string>): Promise<Running>;
}

export const log = (service: string, message: string) =>
  console.log(`[${service.padEnd(8)}] ${message}`);

/** Spawns a child in our process group; `stop` sends SIGTERM and waits (SIGKILL after the grace). */
export function spawnChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  graceMs = 5_000,
) {
  const child = spawn(
    command,
    command === process.execPath ? ["--import", exitWithParent, ...args] : args,
    {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim())
      .forEach((line) => log(name, line));
  child.stdout.on("data", prefix);
  child.stderr.on("data", prefix);
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    // An app with open event streams may wait for them on SIGTERM: it gets SIGKILL after the grace.
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, exited, stop };
}

/** Resolves once `url` answers 2xx; throws if the child exits first or `timeoutMs` passes. */
export async function waitUntilHealthy(url: string, exited: Promise<number>, timeoutMs = 120_000) {
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (!ended && Date.now() < deadline) {
    const ok = await fetch(url).then(
      (reply) => reply.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(ended ? `it exited before ${url} answered` : `${url} did not answer in time`);
}
