#!/usr/bin/env node
/* global process, URL */
// `weft` (npx weft): compiles the CLI (cli/main.ts) into one module with esbuild, then runs it.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundle } from "../server/launcher/bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = await bundle({ "weft-cli": "cli/main.ts" }, root);
const { main } = await import(pathToFileURL(path.join(outdir, "weft-cli.mjs")).href);
process.exitCode = await main(process.argv.slice(2));
