/* global process */
// `npm start`: compiles the launcher and the local Inngest server from TypeScript into two
// JavaScript bundles, then runs the launcher, which starts the local server from its bundle.
// Compiled, each process saves the ~33 MB that running it through tsx costs (tsx's loader thread
// and its transform cache). `npm run dev` still runs them through tsx.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, stop } from "esbuild";

const outdir = path.resolve("node_modules/.cache/weft");
const { outputFiles } = await build({
  entryPoints: {
    launcher: "server/launcher/main.ts",
    "local-inngest": "server/local-inngest/main.ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Packages stay imports of node_modules; `@/…` paths (tsconfig) are bundled.
  packages: "external",
  outdir,
  outExtension: { ".js": ".mjs" },
  sourcemap: "linked",
  write: false,
  logLevel: "warning",
});
await stop();
// Two launchers starting at once (tests) write the same files: each is written whole, then renamed.
await mkdir(outdir, { recursive: true });
for (const file of outputFiles) {
  const temporary = `${file.path}.${process.pid}`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}

process.env.WEFT_INNGEST_ENTRY = path.join(outdir, "local-inngest.mjs");
await import(pathToFileURL(path.join(outdir, "launcher.mjs")).href);
