/**
 * Signs in over HTTP as a browser would (next-auth's credentials flow) and returns the session
 * cookie and the user's id: sign-up does not say who was created, so this is how a test learns it.
 */
export async function signInOverHttp(base: string, email: string, password: string) {
  const cookieOf = (reply: Response) =>
    reply.headers
      .getSetCookie()
      .map((line) => line.split(";")[0]!)
      .join("; ");
  // As from its own address: the per-address sign-in limit (50 in 15 minutes) is for people, and
  // the whole browser suite signs in more often than that from loopback.
  const forwarded = `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieOf(csrf),
      "x-forwarded-for": forwarded,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = cookieOf(callback)
    .split("; ")
    .filter((pair) => pair.startsWith("next-auth.session-token="))
    .join("; ");
  if (!cookie) throw new Error(`signing in as ${email} failed (HTTP ${callback.status})`);
  const session = await fetch(`${base}/api/auth/session`, { headers: { cookie } });
  const { user } = (await session.json()) as { user?: { id: string } };
  if (!user) throw new Error(`no session for ${email}`);
  return { cookie, id: user.id };
}

/** A tRPC call over HTTP as the app's client makes it (superjson envelope); throws on an error. */
export async function trpcCall(
  base: string,
  path: string,
  input: unknown,
  { cookie = "", method = "POST" }: { cookie?: string; method?: "GET" | "POST" } = {},
) {
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
}
