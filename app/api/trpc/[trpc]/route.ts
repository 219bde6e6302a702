// GET|POST /api/trpc/:procedure – the tRPC endpoint of the web app
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext } from "@/server/api/context";
import { guardTrpcRequest } from "@/server/api/guard-request";
import { appRouter } from "@/server/api/root";

async function handler(incoming: Request) {
  const req = await guardTrpcRequest(incoming);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createContext(req, resHeaders),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
