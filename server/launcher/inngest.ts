import { createRequire } from "node:module";
import { sign } from "../local-inngest/signing";
import { spawnChild, waitUntilHealthy, type Service } from "./service";

const tsx = createRequire(import.meta.url).resolve("tsx");
/**
 * The server's objects live for one request or one queue pass: a young generation of 2 MB instead
 * of V8's up to 16 MB kept its peak under a burst 22 MB lower at the same throughput.
 */
const HEAP_FLAGS = ["--max-semi-space-size=2"];

/** Weft's own Inngest server, state in the app's PostgreSQL (see docs/deployment.md). */
export function localInngest(options: { port: number; logLevel: string }): Service {
  return {
    name: "inngest",
    async start(env) {
      const url = `http://127.0.0.1:${options.port}`;
      const childEnv = {
        ...env,
        WEFT_INNGEST_PORT: String(options.port),
        WEFT_INNGEST_LOG: options.logLevel,
      };
      // `npm start` compiled it (start.mjs); `npm run dev` runs the TypeScript through tsx.
      const entry = env.WEFT_INNGEST_ENTRY;
      const { exited, stop } = spawnChild(
        "inngest",
        process.execPath,
        [
          ...HEAP_FLAGS,
          ...(entry
            ? ["--enable-source-maps", entry]
            : ["--import", tsx, "server/local-inngest/main.ts"]),
        ],
        childEnv,
      );
      await waitUntilHealthy(`${url}/health`, exited);
      return {
        env: { INNGEST_BASE_URL: url, WEFT_LOCAL_INNGEST: "1" },
        summary: `local Inngest server at ${url} (signed)`,
        exited,
        stop,
      };
    },
  };
}

/** Asks the app to register its functions with Inngest (what `inngest` calls a sync). */
export function syncApp(options: { appUrl: string }): Service {
  return {
    name: "sync",
    async start(env) {
      // Signed like Inngest's own sync requests: the app accepts no unsigned sync.
      const key = env.INNGEST_SIGNING_KEY;
      const reply = await fetch(`${options.appUrl}/api/inngest`, {
        method: "PUT",
        headers: key ? { "x-inngest-signature": sign("", key, Date.now()) } : {},
      });
      const body = await reply.text();
      if (!reply.ok)
        throw new Error(`syncing the app with Inngest failed (HTTP ${reply.status}): ${body}`);
      return { summary: `app synced: ${options.appUrl}/api/inngest`, stop: async () => undefined };
    },
  };
}
