// Weft's launcher (`npm start`) as a real process tree on scratch ports and a scratch data
// directory, for tests that kill its children. Needs `next build` first.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { freePorts } from "../../server/db/free-port";
import { signInOverHttp, trpcCall } from "./http-sign-in";

/** The fields of /proc/<pid>/stat after the command's name: state first (field 3 in proc(5)). */
export function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The processes whose parent is `pid` (from /proc), with their command lines. */
export function childrenOf(pid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(statFields(entry)[1]);
      if (parent !== pid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(state);
  } catch {
    return false;
  }
};

export interface LauncherPorts {
  port: number;
  postgres: number;
  inngest: number;
}

async function newPorts(): Promise<LauncherPorts> {
  const [port, postgres, inngest] = await freePorts(3);
  return { port: port!, postgres: postgres!, inngest: inngest! };
}

/** Starts `npm start` on a fresh data directory, or on the one a killed launcher left (`reuse`). */
export async function startLauncher(name: string, reuse?: LauncherPorts) {
  const ports = reuse ?? (await newPorts());
  const { port } = ports;
  const base = `http://localhost:${port}`;
  const dataDir = `.data/${name}`;
  if (!reuse) await rm(dataDir, { recursive: true, force: true });
  // As `npm start` runs it: compiled (server/launcher/start.mjs), not through tsx.
  const child = spawn(process.execPath, ["server/launcher/start.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      WEFT_DATA_DIR: dataDir,
      PORT: String(port),
      WEFT_PG_PORT: String(ports.postgres),
      WEFT_INNGEST_PORT: String(ports.inngest),
      NEXTAUTH_URL: base,
      WEFT_PRIVATE_NETWORKS: "allow",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));

  const launcher = {
    pid: child.pid!,
    ports,
    base,
    exited,
    output: () => output,
    /** Waits until the launcher has printed something matching `pattern` `times` times. */
    async logged(pattern: RegExp, times = 1, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      const global = new RegExp(
        pattern.source,
        pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`,
      );
      while ((output.match(global)?.length ?? 0) < times) {
        if (Date.now() > deadline)
          throw new Error(`launcher never printed ${pattern} ×${times}:\n${output.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** The pid of the child whose command line matches `pattern` (postgres is a child too). */
    child(pattern: RegExp) {
      const match = childrenOf(child.pid!).find((entry) => pattern.test(entry.command));
      if (!match)
        throw new Error(`no child matching ${pattern}: ${JSON.stringify(childrenOf(child.pid!))}`);
      return match.pid;
    },
    async health() {
      return fetch(`${base}/api/health`).then(
        async (reply) => ({ status: reply.status, body: await reply.json() }),
        () => ({ status: 0, body: null }),
      );
    },
    /** Signs up a user and makes an API key; returns the REST call helper. */
    async apiClient(existingKey?: string) {
      if (existingKey) return restClient(base, existingKey);
      const credentials = { email: `ops-${Date.now()}@example.test`, password: "launcher test" };
      await trpcCall(base, "auth.signUp", { name: "Ops", ...credentials });
      const { cookie } = await signInOverHttp(base, credentials.email, credentials.password);
      const { key } = await trpcCall(base, "apiKey.create", { name: "ops" }, { cookie });
      return restClient(base, key);
    },
    /** SIGKILL of the launcher and every process it started, as when the machine dies. */
    async killAll() {
      const tree: number[] = [];
      const collect = (pid: number) => {
        tree.push(pid);
        for (const entry of childrenOf(pid)) collect(entry.pid);
      };
      collect(child.pid!);
      for (const pid of tree) process.kill(pid, "SIGKILL");
      await exited;
      while (tree.some(alive)) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await launcher.logged(/ready\. Press Ctrl-C/);
  return launcher;
}

/** REST API v1 calls with an API key (kept as `key`, for a later launcher on the same data). */
function restClient(base: string, key: string) {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (reply) => ({
      status: reply.status,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads loose JSON
      json: (await reply.json().catch(() => ({}))) as Record<string, any>,
    }));
  return Object.assign(call, { key });
}
