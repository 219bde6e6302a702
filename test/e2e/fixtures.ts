import { randomUUID } from "node:crypto";
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type Page,
} from "@playwright/test";
import { encode } from "next-auth/jwt";
import { baseURL, E2E_SECRET } from "../../playwright.config";
import { signInOverHttp } from "../support/http-sign-in";

export interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
}

/** Calls a tRPC mutation over HTTP as the app's client does (superjson envelope). */
export async function trpcMutation(
  request: APIRequestContext,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  return request.post(`/api/trpc/${path}`, { data: { json: input }, headers });
}

/** A session cookie for `user`, minted as next-auth would after a sign-in. */
export async function sessionCookie(user: TestUser) {
  const value = await encode({
    token: { sub: user.id, name: user.name, email: user.email },
    secret: E2E_SECRET,
  });
  return {
    name: "next-auth.session-token",
    value,
    url: baseURL,
    httpOnly: true,
    sameSite: "Lax" as const,
  };
}

/** A page in its own browser context, signed in as `user`. */
export async function pageAs(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies([await sessionCookie(user)]);
  return context.newPage();
}

export const test = base.extend<{ users: { create(name?: string): Promise<TestUser> } }>({
  users: async ({ request }, use) => {
    await use({
      async create(name = "Tess") {
        const input = {
          name,
          email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`,
          password: "e2e password 1",
        };
        const reply = await trpcMutation(request, "auth.signUp", input, {
          "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
        });
        expect(reply.status(), await reply.text()).toBe(200);
        const { id } = await signInOverHttp(baseURL, input.email, input.password);
        return { ...input, id };
      },
    });
  },
});

export { expect };
