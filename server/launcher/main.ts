// `npm start` / `npm run dev`: starts every process Weft needs, restarts one that crashes, and
// stops them all on Ctrl-C or SIGTERM.
import path from "node:path";
import { parseEnv } from "../env";
import { embeddedDatabase, externalDatabase } from "./database";
import { localInngest, syncApp } from "./inngest";
import { loadLocalConfig } from "./local-config";
import { log } from "./service";
import { Supervisor } from "./supervisor";
import { webServer } from "./web";

const dev = process.argv.includes("--dev");
const dataDir = path.resolve(process.env.WEFT_DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const postgresPort = Number(process.env.WEFT_PG_PORT ?? 54320);
const inngestPort = Number(process.env.WEFT_INNGEST_PORT ?? 8288);
// Inngest Cloud or a self-hosted Inngest, when configured; otherwise Weft's own local server.
// (Inngest Cloud: INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY without a base URL.)
const externalInngest = Boolean(
  process.env.INNGEST_BASE_URL || process.env.INNGEST_DEV || process.env.INNGEST_SIGNING_KEY,
);

async function main(): Promise<void> {
  const local = await loadLocalConfig(dataDir);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? local.authSecret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    WEFT_SECRET_KEY: process.env.WEFT_SECRET_KEY ?? local.secretKey,
    PORT: String(port),
    // Every call to /api/inngest is signed, also on one machine; a sync needs a signature too.
    INNGEST_ENABLE_UNAUTHED_SYNC: process.env.INNGEST_ENABLE_UNAUTHED_SYNC ?? "false",
    ...(externalInngest
      ? {}
      : {
          INNGEST_SIGNING_KEY: local.inngestSigningKey,
          INNGEST_EVENT_KEY: local.inngestEventKey,
          // Where the local Inngest server reaches the app: pinned, never the request's Host.
          INNGEST_SERVE_ORIGIN: process.env.INNGEST_SERVE_ORIGIN ?? `http://127.0.0.1:${port}`,
        }),
  };
  const external = process.env.DATABASE_URL;

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("weft", "stopping…");
    await supervisor.stop();
    process.exit(code);
  };
  const supervisor = new Supervisor(env, (reason) => {
    console.error(`\nWeft stopped: ${reason}\n`);
    void stopAll(1);
  });
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  const sync = syncApp({ appUrl: `http://127.0.0.1:${port}` });
  const resync = async () => {
    await sync.start(env).catch((error: Error) => log("sync", error.message));
  };
  try {
    if (external) parseEnv(env);
    await supervisor.start(
      external
        ? externalDatabase(external)
        : embeddedDatabase({ dataDir, port: postgresPort, password: local.postgresPassword }),
    );
    if (!externalInngest)
      await supervisor.start(
        localInngest({ port: inngestPort, logLevel: process.env.WEFT_INNGEST_LOG ?? "info" }),
      );
    // A restarted app registers its functions again.
    await supervisor.start(webServer({ port, host, dev }), resync);
    await supervisor.start(sync);
  } catch (error) {
    console.error(`\nWeft could not start: ${error instanceof Error ? error.message : error}\n`);
    await stopAll(1);
    return;
  }
  if (!stopping) log("weft", "ready. Press Ctrl-C to stop.");
}

void main();
