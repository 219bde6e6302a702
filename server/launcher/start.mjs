/* global process */
// `npm start`: compiles the launcher and the local Inngest server from TypeScript into two
// JavaScript bundles, then runs the launcher, which starts the local server from its bundle.
// Compiled, each process saves the ~33 MB that running it through tsx costs (tsx's loader thread
// and its transform cache). `npm run dev` still runs them through tsx.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundle } from "./bundle.mjs";

const outdir = await bundle({
  launcher: "server/launcher/main.ts",
  "local-inngest": "server/local-inngest/main.ts",
});
process.env.WEFT_INNGEST_ENTRY = path.join(outdir, "local-inngest.mjs");
await import(pathToFileURL(path.join(outdir, "launcher.mjs")).href);
