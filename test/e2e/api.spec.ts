import { Agent, get } from "node:http";
import { baseURL } from "../../playwright.config";
import { expect, sessionCookie, test, trpcMutation } from "./fixtures";

test("malformed JSON to the tRPC endpoint gets a 400 with a clear message", async ({ request }) => {
  const reply = await request.post("/api/trpc/auth.signUp", {
    data: Buffer.from("{ not json"),
    headers: { "content-type": "application/json" },
  });
  expect(reply.status()).toBe(400);
  expect((await reply.json()).error.json.message).toMatch(/^The request body is not valid JSON: /);
});

test("bad sign-up input gets a 400 naming the field", async ({ request }) => {
  const reply = await trpcMutation(request, "auth.signUp", {
    name: "X",
    email: "nope",
    password: "long enough",
  });
  expect(reply.status()).toBe(400);
  const { error } = await reply.json();
  expect(error.json.message).toBe("email: Enter a valid email address");
  expect(error.json.data.field).toBe("email");
});

test("team data needs a session", async ({ request }) => {
  const reply = await request.get("/api/trpc/team.members");
  expect(reply.status()).toBe(401);
});

test("naming another team's id answers 404, not 403", async ({ request, users }) => {
  const alice = await users.create("Alice");
  const bob = await users.create("Bob");
  const cookie = await sessionCookie(bob);
  const bobs = await request.get("/api/trpc/team.current", {
    headers: { cookie: `${cookie.name}=${cookie.value}` },
  });
  const bobTeamId = (await bobs.json()).result.data.json.id as string;

  const aliceCookie = await sessionCookie(alice);
  const reply = await request.get("/api/trpc/team.members", {
    headers: { cookie: `${aliceCookie.name}=${aliceCookie.value}`, "x-weft-team": bobTeamId },
  });
  expect(reply.status()).toBe(404);
  expect((await reply.json()).error.json.message).toBe("Team not found");
});

test("the session cookie is httpOnly", async ({ page, users }) => {
  const user = await users.create("Cookie");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Flows" })).toBeVisible();
  const session = (await page.context().cookies()).find(
    (c) => c.name === "next-auth.session-token",
  );
  expect(session?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain("next-auth.session-token");
});

test("an idle keep-alive connection is still open after 6 s (the server does not close it as a client reuses it)", async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const health = () =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const request = get(`${baseURL}/api/health`, { agent }, (reply) => {
        reply.resume();
        reply.on("end", () => resolve({ status: reply.statusCode!, reused: request.reusedSocket }));
      });
      request.on("error", reject);
    });
  try {
    expect(await health()).toEqual({ status: 200, reused: false });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await health()).toEqual({ status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});
