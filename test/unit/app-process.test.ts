import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { appNodeFlags } from "@/server/launcher/web";

/** Runs `script` in a Node process started as the launcher starts the app (web.ts). */
function inAppProcess(script: string, env: Record<string, string>) {
  return execFileSync(
    process.execPath,
    ["--import", "./server/launcher/plain-env.mjs", "--input-type=module", "-e", script],
    { env: { ...process.env, ...env }, encoding: "utf8" },
  );
}

describe("the app process's environment (plain-env.mjs)", () => {
  it("is a plain object with every variable, handed on to child processes and worker threads", () => {
    const output = inAppProcess(
      `import { execFileSync } from "node:child_process";
       import { Worker } from "node:worker_threads";
       process.env.WEFT_ADDED = "added later";
       const worker = await new Promise((resolve) => {
         const code = "import { parentPort } from 'node:worker_threads'; parentPort.postMessage(process.env.WEFT_GIVEN);";
         new Worker(new URL("data:text/javascript," + encodeURIComponent(code))).once("message", resolve);
       });
       console.log(JSON.stringify({
         plain: Object.getPrototypeOf(process.env) === Object.prototype,
         given: process.env.WEFT_GIVEN,
         child: execFileSync("sh", ["-c", "echo $WEFT_GIVEN/$WEFT_ADDED"], { encoding: "utf8" }).trim(),
         worker,
       }));`,
      { WEFT_GIVEN: "from the launcher" },
    );
    expect(JSON.parse(output)).toEqual({
      plain: true,
      given: "from the launcher",
      child: "from the launcher/added later",
      worker: "from the launcher",
    });
  });
});

describe("the app's Node flags", () => {
  it("are accepted in NODE_OPTIONS in dev mode, where `next dev` hands them to its server", () => {
    const start = (flags: string[]) =>
      execFileSync(process.execPath, ["-e", "console.log(process.env.WEFT_GIVEN)"], {
        env: { ...process.env, NODE_OPTIONS: flags.join(" "), WEFT_GIVEN: "started" },
        encoding: "utf8",
      }).trim();
    expect(start(appNodeFlags(true))).toBe("started");
    // The production flags hold one NODE_OPTIONS refuses: dev must never get them.
    expect(() => start(appNodeFlags(false))).toThrow(/not allowed in NODE_OPTIONS/);
  });
});
