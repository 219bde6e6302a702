import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseEnv } from "../env";
import { log, spawnChild, waitUntilHealthy, type Service } from "./service";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
/** Longer than the 60 s idle timeout of common proxies and load balancers. */
const KEEP_ALIVE_MS = 65_000;
/**
 * V8 lets the heap grow to 1.1–4 times what survived its last full collection before the next;
 * under a burst of requests it took the app from 60 to 220 MB of mostly garbage. At most 1.5
 * times keeps the peak ~70 MB lower at no measured cost in throughput (docs/engine.md).
 */
const HEAP_FLAGS = ["--heap-growing-percent=50"];
/** The environment as a plain object (plain-env.mjs). */
const ENV_FLAGS = ["--import", pathToFileURL(path.resolve("server/launcher/plain-env.mjs")).href];

/**
 * Node's flags for the app. `next dev` hands the flags it was started with to its server process
 * in NODE_OPTIONS, which refuses V8's: the heap flags are for `next start` only.
 */
export const appNodeFlags = (dev: boolean) => (dev ? ENV_FLAGS : [...HEAP_FLAGS, ...ENV_FLAGS]);

async function build(env: Record<string, string>): Promise<void> {
  log("web", "no production build found: building Weft (takes a minute or two)…");
  const { exited } = spawnChild("build", process.execPath, [nextBin, "build"], env);
  const code = await exited;
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}

/** The Next.js app: `next start` (building first if needed), or `next dev` with hot reload. */
export function webServer(options: { port: number; host: string; dev: boolean }): Service {
  return {
    name: "web",
    async start(env) {
      parseEnv(env);
      if (!options.dev && !existsSync(".next/BUILD_ID"))
        await build({ ...env, NODE_ENV: "production" });
      const mode = options.dev ? "dev" : "start";
      const childEnv = { ...env, NODE_ENV: options.dev ? "development" : "production" };
      const args = [
        ...appNodeFlags(options.dev),
        nextBin,
        mode,
        "--port",
        String(options.port),
        "--hostname",
        options.host,
      ];
      // Idle keep-alive connections stay open longer than a client or proxy keeps them (Node's
      // 5 s default closes a socket just as a client reuses it: the client sees ECONNRESET).
      if (!options.dev) args.push("--keepAliveTimeout", String(KEEP_ALIVE_MS));
      const { exited, stop } = spawnChild("web", process.execPath, args, childEnv);
      const url = `http://${options.host === "127.0.0.1" ? "localhost" : options.host}:${options.port}`;
      await waitUntilHealthy(`${url}/api/health`, exited);
      return { summary: `Weft at ${url}${options.dev ? " (dev, hot reload)" : ""}`, exited, stop };
    },
  };
}
