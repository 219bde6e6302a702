// The local Inngest server as a process of its own (started by the launcher).
import { startLocalInngestServer } from "./index";
import { consoleLogger, type Level } from "./log";

const env = process.env;
if (!env.DATABASE_URL) {
  console.error("local Inngest server: DATABASE_URL is required");
  process.exit(2);
}

// Signed like Inngest's own server: without its keys anyone on this machine could register an
// app, send events or post step results. WEFT_INNGEST_UNSIGNED=1 is for local experiments only.
if ((!env.INNGEST_SIGNING_KEY || !env.INNGEST_EVENT_KEY) && env.WEFT_INNGEST_UNSIGNED !== "1") {
  console.error("local Inngest server: INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY are required");
  process.exit(2);
}

const server = await startLocalInngestServer({
  databaseUrl: env.DATABASE_URL,
  port: Number(env.WEFT_INNGEST_PORT ?? 8288),
  log: consoleLogger((env.WEFT_INNGEST_LOG as Level | undefined) ?? "info"),
  signingKey: env.INNGEST_SIGNING_KEY || undefined,
  eventKey: env.INNGEST_EVENT_KEY || undefined,
});
console.log(`listening on ${server.url}`);

const stop = () => void server.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
