// `npm start` / `npm run dev`: starts every process Weft needs and stops them all on Ctrl-C.
import path from "node:path";
import { parseEnv } from "../env";
import { embeddedDatabase, externalDatabase } from "./database";
import { localInngest, syncApp } from "./inngest";
import { loadLocalConfig } from "./local-config";
import { log, type Running, type Service } from "./service";
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
  const services: Service[] = [
    external
      ? externalDatabase(external)
      : embeddedDatabase({ dataDir, port: postgresPort, password: local.postgresPassword }),
    ...(externalInngest
      ? []
      : [localInngest({ port: inngestPort, logLevel: process.env.WEFT_INNGEST_LOG ?? "info" })]),
    webServer({ port, host, dev }),
    syncApp({ appUrl: `http://127.0.0.1:${port}` }),
  ];

  const running: Running[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("weft", "stopping…");
    for (const service of running.reverse()) await service.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  try {
    if (external) parseEnv(env);
    for (const service of services) {
      if (stopping) return;
      const started = await service.start(env);
      running.push(started);
      Object.assign(env, started.env);
      log(service.name, started.summary);
      void started.exited?.then((code) => {
        if (stopping) return;
        log(service.name, `exited with code ${code}`);
        void stopAll(code || 1);
      });
    }
  } catch (error) {
    console.error(`\nWeft could not start: ${error instanceof Error ? error.message : error}\n`);
    await stopAll(1);
  }
  log("weft", "ready. Press Ctrl-C to stop.");
}

void main();
