import "server-only";
import { pool } from "./db/pool";
import { env } from "./env";

type State = "ok" | "unreachable" | "not checked";

const within = <T>(work: Promise<T>, ms: number) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms)),
  ]);

/**
 * Each dependency's state: the database (a query), and Weft's local Inngest server (its /health;
 * Inngest Cloud or a self-hosted Inngest is not probed from here). `ok` only when all answer.
 */
export async function checkHealth() {
  const database: State = await within(pool().query("SELECT 1"), 2_000).then(
    () => "ok",
    () => "unreachable",
  );
  const base = env().INNGEST_BASE_URL;
  const inngest: State =
    env().WEFT_LOCAL_INNGEST === "1" && base
      ? await within(fetch(new URL("/health", base)), 2_000).then(
          (reply) => (reply.ok ? "ok" : "unreachable"),
          () => "unreachable",
        )
      : "not checked";
  const status = database === "ok" && inngest !== "unreachable" ? "ok" : "degraded";
  return { status, database, inngest } as const;
}
