// GET|POST|PUT /api/inngest – Inngest's serve() endpoint: registration and function calls
import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { env } from "@/server/env";
import { inngest } from "@/server/inngest/client";
import { functions } from "@/server/inngest/functions";

type Handlers = ReturnType<typeof serve>;
let handlers: Handlers | undefined;

// Built on first request, when the environment is there (not while `next build` loads the route).
const handler = () =>
  (handlers ??= serve({
    client: inngest,
    functions,
    // The URL Inngest calls is configuration, never the request's Host header (a forged Host would
    // otherwise register the app at an attacker's address).
    serveOrigin: env().INNGEST_SERVE_ORIGIN ?? env().NEXTAUTH_URL,
  }));

export const GET = (req: NextRequest, ctx: unknown) => handler().GET(req, ctx as never);
export const POST = (req: NextRequest, ctx: unknown) => handler().POST(req, ctx as never);
export const PUT = (req: NextRequest, ctx: unknown) => handler().PUT(req, ctx as never);
