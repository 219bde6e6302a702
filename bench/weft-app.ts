// Starts Weft (the launcher: embedded PostgreSQL, local Inngest, the built app) on a scratch data
// directory for a browser benchmark, with a signed-in user and a browser context of theirs.
// Needs `next build` first.
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../test/support/chromium";
import { signInOverHttp, trpcCall } from "../test/support/http-sign-in";
import { startLauncher } from "../test/support/launcher-process";

/** The benches' browser window size. */
export const VIEWPORT = { width: 1400, height: 900 };

export async function startWeft(name: string) {
  const weft = await startLauncher(name);
  // Whatever happens, Weft and its children must not outlive the benchmark.
  const end = () => {
    try {
      process.kill(weft.pid, "SIGTERM");
    } catch {
      // it has stopped already
    }
  };
  process.on("exit", end);
  process.on("uncaughtException", (error) => {
    console.error(error);
    end();
    process.exit(1);
  });

  const credentials = { email: `bench-${Date.now()}@example.test`, password: "bench password" };
  await trpcCall(weft.base, "auth.signUp", { name: "Bench", ...credentials });
  const { cookie } = await signInOverHttp(weft.base, credentials.email, credentials.password);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const context = await browser.newContext({ viewport: VIEWPORT });
  const at = cookie.indexOf("=");
  await context.addCookies([
    { name: cookie.slice(0, at), value: cookie.slice(at + 1), url: weft.base },
  ]);

  return {
    base: weft.base,
    context,
    /** A tRPC mutation as the signed-in user. */
    mutate: (path: string, input: unknown) => trpcCall(weft.base, path, input, { cookie }),
    /** A tRPC query as the signed-in user. */
    query: (path: string, input: unknown) =>
      trpcCall(weft.base, path, input, { cookie, method: "GET" }),
    async stop() {
      await browser.close();
      await weft.stop();
    },
  };
}
