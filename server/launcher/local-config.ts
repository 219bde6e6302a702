import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Secrets generated on first start for the one-machine default, kept under the data directory. */
export interface LocalConfig {
  postgresPassword: string;
  authSecret: string;
  /** Encrypts team secrets. */
  secretKey: string;
  /** Signs every call between the app and the local Inngest server (`signkey-prod-<hex>`). */
  inngestSigningKey: string;
  /** The only key the local Inngest server accepts events with. */
  inngestEventKey: string;
}

const generators: { [K in keyof LocalConfig]: () => string } = {
  postgresPassword: () => randomBytes(18).toString("base64url"),
  authSecret: () => randomBytes(32).toString("base64url"),
  secretKey: () => randomBytes(32).toString("base64url"),
  inngestSigningKey: () => `signkey-prod-${randomBytes(32).toString("hex")}`,
  inngestEventKey: () => randomBytes(32).toString("hex"),
};

/** Reads `.data/weft.json`, generating whatever it lacks (older files gain the newer keys). */
export async function loadLocalConfig(dataDir: string): Promise<LocalConfig> {
  const file = path.join(dataDir, "weft.json");
  const stored: Partial<LocalConfig> = existsSync(file)
    ? (JSON.parse(await readFile(file, "utf8")) as Partial<LocalConfig>)
    : {};
  const missing = (Object.keys(generators) as (keyof LocalConfig)[]).filter((key) => !stored[key]);
  if (!missing.length) return stored as LocalConfig;
  const config = { ...stored } as LocalConfig;
  for (const key of missing) config[key] = generators[key]();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return config;
}
