import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { CheckpointError, type IncomingEvent, type LocalInngest } from "./local-inngest";
import { provesSigningKey, sameSecret } from "./signing";

const MAX_BODY = 3 * 1024 * 1024;

const eventSchema = z.object({
  name: z.string("name must be a string").min(1, "name must not be empty"),
  data: z.record(z.string(), z.unknown(), "data must be an object").optional(),
  user: z.record(z.string(), z.unknown(), "user must be an object").optional(),
  id: z.string("id must be a string").min(1).optional(),
  ts: z.number("ts must be a number of milliseconds").optional(),
  v: z.string().optional(),
});

const registrationSchema = z.object({
  url: z.url("url must be the app's serve() URL"),
  appName: z.string("appName must be a string").min(1),
  functions: z.array(z.unknown(), "functions must be a list"),
});

const checkpointSchema = z.object({
  qi_id: z.string("qi_id must be the call's queue item id"),
  steps: z.array(
    z.object({
      op: z.string("op must be a string"),
      id: z.string("id must be a string"),
      data: z.unknown().optional(),
    }),
    "steps must be a list",
  ),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      // Counted while it streams (a chunked body has no length to check first): stop reading.
      req.off("data", onData);
      req.pause();
      reject(new HttpError(413, `body larger than ${MAX_BODY} bytes`));
    };
    req.on("data", onData);
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new HttpError(400, "body is not valid JSON"));
      }
    });
    req.on("error", reject);
  });
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
};

function issueMessage(error: z.ZodError, prefix = ""): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? `${prefix}${issue.path.join(".")}: ` : prefix;
  return `${where}${issue.message}`;
}

export interface HttpOptions {
  /** Required event key in signed mode; any key is accepted in dev mode. */
  eventKey?: string;
  signingKey?: string;
}

/** The HTTP face of the local server: the endpoints the SDK and Weft talk to. */
export function createHttpServer(inngest: LocalInngest, options: HttpOptions): Server {
  /** Registration and checkpoints carry the hashed signing key when the server has one. */
  function checkSigningKey(req: IncomingMessage) {
    if (!options.signingKey) return;
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    if (!provesSigningKey(token, options.signingKey))
      throw new HttpError(401, "Invalid signing key");
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://local");
    if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });

    const eventPath = /^\/e\/([^/]+)\/?$/.exec(url.pathname);
    if (req.method === "POST" && eventPath) {
      if (options.eventKey && !sameSecret(decodeURIComponent(eventPath[1]!), options.eventKey)) {
        throw new HttpError(401, "Event key not found");
      }
      const body = await readJson(req);
      const list = Array.isArray(body) ? body : [body];
      const events: IncomingEvent[] = list.map((raw, index) => {
        const parsed = eventSchema.safeParse(raw);
        if (!parsed.success)
          throw new HttpError(
            400,
            issueMessage(parsed.error, Array.isArray(body) ? `event ${index}: ` : ""),
          );
        return parsed.data;
      });
      const seed = req.headers["x-inngest-event-id-seed"];
      const ids = await inngest.receive(events, typeof seed === "string" ? seed : undefined);
      return send(res, 200, { ids, status: 200 });
    }

    const checkpointPath = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(url.pathname);
    if (req.method === "POST" && checkpointPath) {
      checkSigningKey(req);
      const parsed = checkpointSchema.safeParse(await readJson(req));
      if (!parsed.success) throw new HttpError(400, issueMessage(parsed.error));
      const runId = decodeURIComponent(checkpointPath[1]!);
      let result: Awaited<ReturnType<LocalInngest["checkpoint"]>>;
      try {
        result = await inngest.checkpoint(runId, parsed.data.qi_id, parsed.data.steps);
      } catch (error) {
        if (error instanceof CheckpointError) throw new HttpError(error.status, error.message);
        throw error;
      }
      if (result === "stale")
        throw new HttpError(409, `call ${parsed.data.qi_id} of run ${runId} is no longer current`);
      return send(res, 200, { ok: true });
    }

    if (req.method === "POST" && url.pathname === "/fn/register") {
      checkSigningKey(req);
      const parsed = registrationSchema.safeParse(await readJson(req));
      if (!parsed.success) throw new HttpError(400, issueMessage(parsed.error));
      const { appName, url: appUrl, functions } = parsed.data;
      try {
        await inngest.register(appName, appUrl, functions);
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
      return send(res, 200, { ok: true, modified: true });
    }
    throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
  }

  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 413) {
        // The rest of the body is never kept: discard what is in flight so the caller reads the
        // answer, and close the connection a moment later if it keeps sending.
        res.on("finish", () => {
          req.resume();
          setTimeout(() => !req.complete && req.destroy(), 1_000).unref();
        });
      }
      send(res, status, { status, error: (error as Error).message });
    });
  });
}
