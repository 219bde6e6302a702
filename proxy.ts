// Runs before routing: a URL whose percent-encoding is broken (`/api/v1/runs/%C3%28`) gets a clear
// 400 instead of the router's bare 500.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return NextResponse.json(
      {
        error: {
          code: "bad_request",
          message: "The URL is not valid: it has a broken percent-encoding",
          field: "url",
        },
      },
      { status: 400 },
    );
  }
  return NextResponse.next();
}

// Only a path with a `%` can have a broken encoding. Running the proxy costs ~1 ms of CPU a request
// (a run's POST and each Inngest call included), so every other path skips it (docs/engine.md).
export const config = { matcher: "/api/:path(.*%.*)" };
