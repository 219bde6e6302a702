/* global process */
// Compiles TypeScript entry points (with their `@/…` imports) into ES modules under
// node_modules/.cache/weft; packages stay imports of node_modules. Used by `npm start` and `weft`.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, stop } from "esbuild";

/** Bundles `entryPoints` ({ name: path relative to root }) and returns the output directory. */
export async function bundle(entryPoints, root = process.cwd()) {
  const outdir = path.join(root, "node_modules/.cache/weft");
  const { outputFiles } = await build({
    entryPoints,
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outdir,
    outExtension: { ".js": ".mjs" },
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
  });
  await stop();
  // Two processes starting at once (tests) write the same files: each is written whole, then renamed.
  await mkdir(outdir, { recursive: true });
  for (const file of outputFiles) {
    const temporary = `${file.path}.${process.pid}`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  return outdir;
}
