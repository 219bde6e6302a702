// Attacks on the HTTP edge: unbounded chunked bodies and cross-origin form posts.
import { describe, expect, it } from "vitest";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import * as hookRoute from "@/app/api/hooks/[token]/route";
import { guardTrpcRequest } from "@/server/api/guard-request";
import { db } from "@/server/db/client";
import { counts } from "../../support/db";
import { createTeamWithOwner } from "../../factories";

/** A chunked body (no Content-Length) of up to `megabytes` MB; `pulled()` says how much was read. */
function endlessBody(megabytes: number) {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= megabytes * 1024 * 1024) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent / 1024 / 1024 };
}

const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("request bodies are limited while they stream", () => {
  it("a 400 MB chunked body to auth.signUp is cut off after 3 MB with a 413, nothing written", async () => {
    const before = await counts();
    const { stream, pulled } = endlessBody(400);
    const reply = await trpcRoute.POST(
      post("http://weft.test/api/trpc/auth.signUp", stream, { "content-type": "application/json" }),
    );
    expect(reply.status).toBe(413);
    expect((await reply.json()).error.json.message).toBe("The request body is larger than 3 MB");
    expect(pulled()).toBeLessThan(5);
    expect(await counts()).toEqual(before);
  });

  it("the REST API and webhooks stop reading at their limits too", async () => {
    const { caller } = await createTeamWithOwner("Bodies");
    const { key } = await caller.apiKey.create({ name: "big" });
    const flows = await db().flow.count();
    const rest = endlessBody(400);
    const reply = await flowsRoute.POST(
      post("http://weft.test/api/v1/flows", rest.stream, {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
      }),
      { params: Promise.resolve({}) },
    );
    expect(reply.status).toBe(413);
    expect(rest.pulled()).toBeLessThan(5);
    expect(await db().flow.count()).toBe(flows);

    const hook = endlessBody(400);
    const hookReply = await hookRoute.POST(post("http://weft.test/api/hooks/x", hook.stream), {
      params: Promise.resolve({ token: "x".repeat(32) }),
    });
    expect([404, 413]).toContain(hookReply.status);
    expect(hook.pulled()).toBeLessThan(3);
  });
});

describe("tRPC refuses cross-site requests", () => {
  const signUp = {
    json: { name: "Mallory", email: "mallory@example.test", password: "long enough pw" },
  };

  it("refuses a form post (what a page on another origin can send without CORS)", async () => {
    const before = await counts();
    const form = new FormData();
    form.set("0", JSON.stringify(signUp));
    const reply = await trpcRoute.POST(post("http://weft.test/api/trpc/auth.signUp", form));
    expect(reply.status).toBe(415);
    expect((await reply.json()).error.json.message).toBe(
      "Send the request body as application/json",
    );
    const text = await trpcRoute.POST(
      post("http://weft.test/api/trpc/auth.signUp", JSON.stringify(signUp), {
        "content-type": "text/plain",
      }),
    );
    expect(text.status).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it("refuses a JSON post whose Origin is another site, even a sibling subdomain", async () => {
    const before = await counts();
    for (const origin of ["http://evil.example", "http://evil.weft.test", "null"]) {
      const reply = await trpcRoute.POST(
        post("http://weft.test/api/trpc/auth.signUp", JSON.stringify(signUp), {
          "content-type": "application/json",
          host: "weft.test",
          origin,
        }),
      );
      expect(reply.status).toBe(403);
    }
    expect(await counts()).toEqual(before);
    // The app's own pages pass the guard (the procedure itself needs Next's request scope).
    const same = await guardTrpcRequest(
      post("http://weft.test/api/trpc/auth.signUp", JSON.stringify(signUp), {
        "content-type": "application/json; charset=utf-8",
        host: "weft.test",
        origin: "http://weft.test",
      }),
    );
    expect(same).toBeInstanceOf(Request);
    expect(await (same as Request).json()).toEqual(signUp);
  });
});
