import http from "node:http";
import https from "node:https";

export interface CallReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * POSTs a call to the app and waits up to `timeoutMs` for the whole answer, as Inngest's HTTP
 * driver does (2 h). Node's fetch would give up after 300 s without an answer, count a failure and
 * retry while the app still runs the step. Rejects on a network error or the timeout.
 */
export function postCall(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<CallReply> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: { ...headers, "content-length": Buffer.byteLength(body).toString() },
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        });
      });
      response.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
