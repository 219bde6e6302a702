// GET|POST /api/trpc/:procedure – the tRPC endpoint of the web app
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";

// Flow documents are capped at 2 MB; anything much larger is refused before it is parsed.
const MAX_BODY_BYTES = 3 * 1024 * 1024;

const tooLarge = () =>
  Response.json(
    {
      error: {
        json: {
          message: "The request body is larger than 3 MB",
          code: -32600,
          data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
        },
      },
    },
    { status: 413 },
  );

const handler = (req: Request) =>
  Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES
    ? tooLarge()
    : fetchRequestHandler({
        endpoint: "/api/trpc",
        req,
        router: appRouter,
        createContext: ({ resHeaders }) => createContext(req, resHeaders),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR")
            console.error(`tRPC ${path ?? "?"} failed:`, error);
        },
      });

export { handler as GET, handler as POST };
