import type { FlowDocument } from "@/lib/flow/document";
import { CliError, EXIT } from "./errors";

export interface ApiConfig {
  url: string;
  apiKey: string;
}

export interface FlowSummary {
  id: string;
  name: string;
  latestVersion: number;
  updatedAt: string;
}

export interface RunNode {
  id: string;
  status: string;
  attempts: number;
  output: unknown;
  error: { message?: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Run {
  id: string;
  flowId: string;
  version: number;
  status: string;
  trigger: string;
  parameters: Record<string, unknown>;
  error: unknown;
  startedAt: string | null;
  finishedAt: string | null;
  nodes?: RunNode[];
}

/** An answer of the API that was not 2xx: status and the API's `{ error: { code, message, field } }`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message, status === 409 || status === 422 ? EXIT.failed : EXIT.api);
  }
}

/** Weft's REST API v1 (docs/api.md) with a team API key. */
export function apiClient({ url, apiKey }: ApiConfig) {
  const base = `${url.replace(/\/+$/, "")}/api/v1`;
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${apiKey}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new CliError(
          `Cannot reach Weft at ${url}: ${cause ?? (error as Error).message}`,
          EXIT.api,
        );
      }
      // Over the key's rate limit: wait as told, a few times, then give up.
      if (response.status === 429 && attempt < 4) {
        const seconds = Number(response.headers.get("retry-after")) || 2;
        await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 30) * 1000));
        continue;
      }
      const text = await response.text();
      const json = text ? (JSON.parse(text) as unknown) : null;
      if (response.ok) return json as T;
      const error = (json as { error?: { message?: string; field?: string } } | null)?.error;
      const where = error?.field ? `${error.field}: ` : "";
      throw new ApiError(
        response.status,
        `${method} ${path} → ${response.status}: ${where}${error?.message ?? text.slice(0, 200)}`,
      );
    }
  }
  return {
    url: url.replace(/\/+$/, ""),
    listFlows: () => call<{ flows: FlowSummary[] }>("GET", "/flows").then((r) => r.flows),
    getFlow: (id: string) =>
      call<{ id: string; version: number; document: FlowDocument }>(
        "GET",
        `/flows/${encodeURIComponent(id)}`,
      ),
    createFlow: (document: unknown) => call<FlowSummary>("POST", "/flows", document),
    saveFlow: (
      id: string,
      document: unknown,
      baseVersion: number,
      options: { acceptBreaking?: boolean; message?: string } = {},
    ) => {
      const query = new URLSearchParams();
      if (options.acceptBreaking) query.set("acceptBreaking", "true");
      if (options.message) query.set("message", options.message);
      const search = query.size ? `?${query}` : "";
      return call<{ id: string; version: number }>(
        "PUT",
        `/flows/${encodeURIComponent(id)}${search}`,
        document,
        { "if-match": String(baseVersion) },
      );
    },
    startRun: (flowId: string, parameters: Record<string, unknown>, version?: number) =>
      call<{ id: string; status: string }>("POST", `/flows/${encodeURIComponent(flowId)}/runs`, {
        parameters,
        ...(version ? { version } : {}),
      }),
    getRun: (id: string) =>
      call<Run & { nodes: RunNode[] }>("GET", `/runs/${encodeURIComponent(id)}`),
    listRuns: (query: Record<string, string | undefined>) => {
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
      );
      return call<{ runs: Run[]; nextCursor: string | null }>("GET", `/runs?${search}`);
    },
  };
}

export type Api = ReturnType<typeof apiClient>;
