import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Secrets generated on first start for the one-machine default, kept under the data directory. */
export interface LocalConfig {
  postgresPassword: string;
  authSecret: string;
  /** Encrypts team secrets; added to older config files on first start. */
  secretKey: string;
}

export async function loadLocalConfig(dataDir: string): Promise<LocalConfig> {
  const file = path.join(dataDir, "weft.json");
  if (existsSync(file)) {
    const stored = JSON.parse(await readFile(file, "utf8")) as Partial<LocalConfig>;
    if (stored.secretKey) return stored as LocalConfig;
    const upgraded = { ...stored, secretKey: randomBytes(32).toString("base64url") } as LocalConfig;
    await writeFile(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  const config: LocalConfig = {
    postgresPassword: randomBytes(18).toString("base64url"),
    authSecret: randomBytes(32).toString("base64url"),
    secretKey: randomBytes(32).toString("base64url"),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return config;
}
