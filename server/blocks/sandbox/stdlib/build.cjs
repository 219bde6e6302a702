// Bundles the sandbox's standard library (entry.ts) and its bare globals (bare.ts) into scripts
// for QuickJS, once per machine: the result is cached under node_modules/.cache/weft, keyed by the sources and the
// lockfile, and rebuilt when either changes. Plain CommonJS: the sandbox worker requires it.
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

// From the working directory, not __dirname: Next.js bundles the worker that requires this file.
const root = process.cwd();
const here = join(root, "server/blocks/sandbox/stdlib");

function cacheKey() {
  const hash = createHash("sha256");
  for (const file of readdirSync(here).sort())
    hash.update(file).update(readFileSync(join(here, file)));
  hash.update(readFileSync(join(root, "lib/code/stdlib.ts")));
  hash.update(readFileSync(join(root, "package-lock.json")));
  return hash.digest("hex").slice(0, 16);
}

/**
 * The bundled source of an image: `full` the globals and the standard library (entry.ts), else
 * the globals alone (bare.ts).
 */
function imageSource(full) {
  const dir = join(root, "node_modules/.cache/weft");
  const file = join(dir, `sandbox-${full ? "stdlib" : "bare"}-${cacheKey()}.js`);
  try {
    return readFileSync(file, "utf8");
  } catch {
    // Not built yet on this machine.
  }
  const { buildSync } = require("esbuild");
  const result = buildSync({
    entryPoints: [join(here, full ? "entry.ts" : "bare.ts")],
    bundle: true,
    format: "iife",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2020",
    minify: true,
    legalComments: "none",
    // papaparse's Node stream adapter: never reached in the sandbox (no streams there).
    external: ["stream"],
    alias: { "@": root },
    write: false,
    logLevel: "silent",
  });
  const source = result.outputFiles[0].text;
  mkdirSync(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(temporary, source);
  renameSync(temporary, file);
  return source;
}

module.exports = { imageSource };

// `npm run build` bundles them ahead, so the first code node does not wait for esbuild.
if (require.main === module) [true, false].forEach(imageSource);
