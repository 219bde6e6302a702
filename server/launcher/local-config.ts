import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Secrets generated on first start for the one-machine default, kept under the data directory. */
export interface LocalConfig {
  postgresPassword: string;
  authSecret: string;
}

export async function loadLocalConfig(dataDir: string): Promise<LocalConfig> {
  const file = path.join(dataDir, "weft.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as LocalConfig;
  const config: LocalConfig = {
    postgresPassword: randomBytes(18).toString("base64url"),
    authSecret: randomBytes(32).toString("base64url"),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return config;
}
