// Starts Weft (the launcher: embedded PostgreSQL, local Inngest, the built app) on a scratch data
// directory for a browser benchmark, with a signed-in user and a browser context of theirs.
// Needs `next build` first.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { chromium } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { freePort } from "../server/db/free-port";
import { chromiumLaunchOptions } from "../test/support/chromium";
import { signInOverHttp } from "../test/support/http-sign-in";

export async function startWeft(name: string) {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const secret = "bench-secret-0123456789abcdef0123456789abcdef";
  const dataDir = `.data/${name}`;
  await rm(dataDir, { recursive: true, force: true });
  const weft = spawn(process.execPath, ["--import", "tsx", "server/launcher/main.ts"], {
    env: {
      ...process.env,
      WEFT_DATA_DIR: dataDir,
      PORT: String(port),
      WEFT_PG_PORT: String(await freePort()),
      WEFT_INNGEST_PORT: String(await freePort()),
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: base,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) =>
    weft.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready.") && resolve()),
  );
  // Whatever happens, Weft and its children must not outlive the benchmark.
  process.on("exit", () => weft.kill("SIGTERM"));
  process.on("uncaughtException", (error) => {
    console.error(error);
    weft.kill("SIGTERM");
    process.exit(1);
  });

  const call = async (path: string, input: unknown, cookie = "", method = "POST") => {
    const reply =
      method === "POST"
        ? await fetch(`${base}/api/trpc/${path}`, {
            method,
            headers: { "content-type": "application/json", cookie },
            body: JSON.stringify({ json: input }),
          })
        : await fetch(
            `${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
            { headers: { cookie } },
          );
    const body = await reply.json();
    if (!reply.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
    return body.result.data.json;
  };
  const credentials = { email: `bench-${Date.now()}@example.test`, password: "bench password" };
  await call("auth.signUp", { name: "Bench", ...credentials });
  const user = {
    email: credentials.email,
    id: (await signInOverHttp(base, credentials.email, credentials.password)).id,
  };
  const token = await encode({ token: { sub: user.id, name: "Bench", email: user.email }, secret });
  const cookie = `next-auth.session-token=${token}`;
  const browser = await chromium.launch(chromiumLaunchOptions);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([{ name: "next-auth.session-token", value: token, url: base }]);

  return {
    base,
    context,
    /** A tRPC mutation as the signed-in user. */
    mutate: (path: string, input: unknown) => call(path, input, cookie),
    /** A tRPC query as the signed-in user. */
    query: (path: string, input: unknown) => call(path, input, cookie, "GET"),
    async stop() {
      await browser.close();
      weft.kill("SIGTERM");
      await new Promise((resolve) => weft.once("exit", resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
