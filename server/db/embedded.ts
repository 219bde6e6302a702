import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "./embedded-postgres";

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  serverUrl: string;
  urlFor(database: string): string;
  /** Resolves with the exit code when the server process ends (by a stop or a crash). */
  exited: Promise<number>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
}

/**
 * Starts (and on first use initialises) a PostgreSQL server under `dataDir`, listening on
 * loopback only. Data persists across restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const socketDir = socketDirectory(databaseDir, options.port);
  const errors: string[] = [];
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: "weft",
    password: options.password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${socketDir ?? ""}`,
    ],
    onLog: (message) => {
      const line = String(message).trim();
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLog?.(line);
    },
    onError: (error) => errors.push(String(error).trim()),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  // A server left running by a launcher that was killed holds the data directory: stop it first.
  await stopStalePostmaster(databaseDir);
  try {
    await server.start();
  } catch {
    const detail = [...errors, ...recent].join("\n") || "no output";
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${options.port}: ${detail}`);
  }
  const urlFor = (database: string) =>
    `postgresql://weft:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}` +
    (socketDir ? `?host=${encodeURIComponent(socketDir)}` : "");
  // The package keeps the postmaster's process to itself; its exit is how a crash is noticed.
  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  const exited = new Promise<number>((resolve) => {
    if (!postmaster || postmaster.exitCode !== null) return resolve(postmaster?.exitCode ?? 1);
    postmaster.once("exit", (code) => resolve(code ?? 1));
  });
  return { serverUrl: urlFor("postgres"), urlFor, exited, stop: () => server.stop() };
}

/**
 * Where the server's Unix socket goes, which Weft's own processes connect through (the URL's
 * `host=`): a statement over loopback TCP costs both sides more CPU, and the app's `writev` to
 * PostgreSQL was 14 % of its busy time in a burst of runs (docs/engine.md). The data directory,
 * which only its owner may enter; none (TCP alone) when the socket's path would pass the system's
 * limit of 107 bytes or the directory's name cannot be written in PostgreSQL's list of them.
 */
export function socketDirectory(databaseDir: string, port: number): string | null {
  if (/[\s,"'\\]/.test(databaseDir)) return null;
  return path.join(databaseDir, `.s.PGSQL.${port}`).length <= 100 ? databaseDir : null;
}

/**
 * When a previous launcher was killed (SIGKILL, a crash) its PostgreSQL may still run on this data
 * directory, or have left its lock file behind: a new server would refuse to start. Stops that
 * postmaster (fast shutdown, then immediate) or removes the stale lock file.
 */
async function stopStalePostmaster(databaseDir: string) {
  const lockFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(lockFile)) return removeSocketFiles(databaseDir);
  const pid = Number((await readFile(lockFile, "utf8")).split("\n")[0]);
  const running = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(databaseDir);
    } catch {
      return false;
    }
  };
  // Not a PostgreSQL on this directory any more (exited, a zombie, the number reused): PostgreSQL
  // would still take the lock files (its own, its socket's) for a live server, so they go.
  if (!pid || !running()) {
    await rm(lockFile, { force: true });
    return removeSocketFiles(databaseDir);
  }
  // A postmaster a live Weft process owns (a running launcher, a db command) is left alone.
  if (!orphaned(pid)) return;
  for (const [signal, waitMs] of [
    ["SIGINT", 10_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return removeSocketFiles(databaseDir);
    }
    const deadline = Date.now() + waitMs;
    while (running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!running()) return removeSocketFiles(databaseDir);
  }
}

/** The socket and its lock file a killed server left in its data directory (no server runs). */
async function removeSocketFiles(databaseDir: string) {
  if (!existsSync(databaseDir)) return;
  for (const name of await readdir(databaseDir))
    if (name.startsWith(".s.PGSQL.")) await rm(path.join(databaseDir, name), { force: true });
}

/** Whether `pid`'s parent is gone (it was re-parented), rather than a live launcher or db tool. */
function orphaned(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent <= 1) return true;
    const command = readFileSync(`/proc/${parent}/cmdline`, "utf8");
    return !/server\/(launcher|db)\/|vitest|playwright/.test(command);
  } catch {
    return true;
  }
}
