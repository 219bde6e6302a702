import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "@/cli/api";
import { run } from "@/cli/commands/run";

// A local server standing in for Weft's REST API, answering `GET /runs/{id}` from a script: the
// order of states a poll can see is what matters here, and a real run decides it by timing alone.
const node = (status: string) => ({
  id: "double",
  status,
  attempts: 1,
  output: status === "completed" ? 42 : null,
  error: null,
  startedAt: null,
  finishedAt: null,
});
const states = [
  { status: "running", nodes: [node("running")] },
  // The node's outcome is committed a moment before the run's end.
  { status: "running", nodes: [node("completed")] },
  { status: "completed", nodes: [node("completed")] },
];
let polls = 0;
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const reply = (body: unknown, status = 200) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.url === "/api/v1/flows") return reply({ flows: [{ id: "f1", name: "Double" }] });
    if (request.method === "POST" && request.url === "/api/v1/flows/f1/runs")
      return reply({ id: "r1", status: "pending" }, 201);
    if (request.url === "/api/v1/runs/r1") {
      const state = states[Math.min(polls++, states.length - 1)]!;
      return reply({ id: "r1", flowId: "f1", version: 1, trigger: "api", ...state });
    }
    reply({ error: { message: "not found" } }, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("weft run --wait", () => {
  it("ends its progress with the run's final status when the nodes ended a poll before the run", async () => {
    const lines = { out: [] as string[], err: [] as string[] };
    const output = {
      out: (line: string) => lines.out.push(line),
      err: (line: string) => lines.err.push(line),
      tty: false,
    };
    const api = apiClient({ url, apiKey: "wft_test" });
    const code = await run(
      api,
      "Double",
      { params: [], wait: true, json: false, pollMs: 1 },
      output,
    );
    expect(code).toBe(0);
    expect(lines.err.slice(-2)).toEqual([
      "[####################] 1/1 running",
      "[####################] 1/1 completed",
    ]);
    expect(lines.out).toEqual(["Run r1 completed. Outputs:", "  double: 42"]);
  });
});
