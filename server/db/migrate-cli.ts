// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// under .data/ when DATABASE_URL is unset. `-- --rolled-back <name>` clears a failed migration.
import path from "node:path";
import { embeddedDatabase, externalDatabase } from "../launcher/database";
import { loadLocalConfig } from "../launcher/local-config";
import { startEmbeddedPostgres } from "./embedded";
import { markRolledBack } from "./migrator";

const dataDir = path.resolve(process.env.WEFT_DATA_DIR ?? ".data");
const port = Number(process.env.WEFT_PG_PORT ?? 54320);
const flag = process.argv.indexOf("--rolled-back");
const rolledBack = flag >= 0 ? process.argv[flag + 1] : undefined;

try {
  const url = process.env.DATABASE_URL;
  if (rolledBack && url) {
    await markRolledBack(url, rolledBack);
  } else if (rolledBack) {
    const { postgresPassword } = await loadLocalConfig(dataDir);
    const db = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "postgres"),
      port,
      password: postgresPassword,
    });
    await markRolledBack(db.urlFor("weft"), rolledBack).finally(() => db.stop());
  } else {
    const { postgresPassword } = await loadLocalConfig(dataDir);
    const service = url
      ? externalDatabase(url)
      : embeddedDatabase({ dataDir, port, password: postgresPassword });
    const running = await service.start({});
    await running.stop();
  }
  if (rolledBack)
    console.log(`Marked ${rolledBack} as rolled back; the next start applies it again.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
