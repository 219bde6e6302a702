// `weft export --ts` must behave like Weft: each flow runs once in Weft and once as its exported
// module (compiled with esbuild, served by a real `inngest` serve() on the same local Inngest
// server), with the same parameters against the same stand-in API; every node's status and
// output must match.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";
import type { InngestFunction, Inngest } from "inngest";
import { serve } from "inngest/node";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import { exportTypeScript } from "@/lib/export/typescript";
import { code, edge, flowDocument, node } from "../../factories/flow-document";
import { startEngine } from "../engine/engine-harness";
import { eventually } from "../local-inngest/harness";

const outDir = path.resolve("node_modules/.cache/weft-export-test");
mkdirSync(outDir, { recursive: true });

/** Headers that differ between any two requests, whoever sends them. */
const VOLATILE = ["date", "connection", "keep-alive", "transfer-encoding"];
function comparable(output: unknown): unknown {
  if (!output || typeof output !== "object" || !("headers" in output)) return output;
  const headers = { ...(output as { headers: Record<string, string> }).headers };
  for (const name of VOLATILE) delete headers[name];
  return { ...output, headers };
}

describe("export to TypeScript behaves like the Weft run", async () => {
  const engine = await startEngine();
  let flaky = 0;
  engine.route("/items", (req, res) => {
    const day = new URL(req.url!, "http://x").searchParams.get("day");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ day, items: [{ price: 4 }, { price: 7 }, { price: 12 }] }));
  });
  engine.route("/flaky", (_req, res) => {
    flaky += 1;
    if (flaky % 3 !== 0) res.writeHead(503).end("try again");
    else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  engine.route("/echo", (_req, res, body) => {
    res.writeHead(200, { "content-type": "application/json" }).end(body || "null");
  });

  process.env.INNGEST_DEV = "1";
  process.env.INNGEST_BASE_URL = engine.harness.serverUrl;

  /** Weft's run of the document: every node's status and output. */
  async function weftRun(document: FlowDocument, parameters: Record<string, unknown>) {
    const run = await engine.run(document, parameters, { fastForward: true });
    return {
      id: run.id,
      status: run.status.toLowerCase(),
      nodes: Object.fromEntries(
        run.nodes.map((n) => [n.nodeId, { status: n.status.toLowerCase(), output: n.output }]),
      ),
    };
  }

  let served = 0;
  /** Serves the document's exported module as its own app on the local server and starts a run. */
  async function startExported(document: FlowDocument, parameters: Record<string, unknown>) {
    const exported = exportTypeScript(document);
    const { code: js } = await transform(exported.source, { loader: "ts", format: "esm" });
    const file = path.join(outDir, `flow-${process.pid}-${served++}.mjs`);
    writeFileSync(file, js);
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const client = module.inngest as Inngest;
    const fn = Object.values(module).find(
      (value) => value && typeof value === "object" && "opts" in value,
    ) as InngestFunction.Any;
    const app = createServer(serve({ client, functions: [fn] }));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    afterAll(() => {
      app.closeAllConnections();
      app.close();
    });
    const url = `http://127.0.0.1:${(app.address() as { port: number }).port}/api/inngest`;
    expect((await fetch(url, { method: "PUT" })).status).toBe(200);
    await client.send({ name: exported.event, data: parameters });
    return { client, functionId: `${client.id}-${fn.opts.id}` };
  }

  /** The exported run once it ended: status, error, and every node's status and output. */
  async function exportedResult(functionId: string, { fastForward = true } = {}) {
    for (let polls = 0; ; polls++) {
      const { rows } = await engine.harness.db.query<{
        status: string;
        output: unknown;
        error: { message?: string } | null;
      }>(
        `SELECT status, output, error FROM inngest_run WHERE function_id = $1 AND status <> 'Running'`,
        [functionId],
      );
      if (rows[0]) {
        const output = rows[0].output as {
          nodes: Record<string, { status: string; output: unknown }>;
        };
        return {
          status: rows[0].status === "Completed" ? "completed" : "failed",
          error: rows[0].error?.message ?? null,
          nodes: Object.fromEntries(
            Object.entries(output?.nodes ?? {}).map(([id, result]) => [
              id,
              { status: result.status, output: result.output },
            ]),
          ),
        };
      }
      if (polls > 1_500) throw new Error(`the exported run of ${functionId} did not end`);
      if (fastForward) engine.harness.clock.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function exportedRun(document: FlowDocument, parameters: Record<string, unknown>) {
    const { functionId } = await startExported(document, parameters);
    return exportedResult(functionId);
  }

  async function expectSameRuns(document: FlowDocument, parameters: Record<string, unknown>) {
    flaky = 0;
    const weft = await weftRun(document, parameters);
    flaky = 0;
    const exported = await exportedRun(document, parameters);
    if (weft.status === "failed") {
      // A failed run's result is its error, naming every node that failed and why.
      expect(exported.status).toBe("failed");
      const run = await engine.harness.db.query<{ nodeId: string; error: { message: string } }>(
        `SELECT "nodeId", error FROM "NodeRun" WHERE status = 'FAILED' AND "runId" = $1`,
        [weft.id],
      );
      expect(run.rows.length).toBeGreaterThan(0);
      for (const failed of run.rows)
        expect(exported.error).toContain(`Node "${failed.nodeId}" failed: ${failed.error.message}`);
      return weft;
    }
    const normalize = (run: {
      status: string;
      nodes: Record<string, { status: string; output: unknown }>;
    }) => ({
      status: run.status,
      nodes: Object.fromEntries(
        Object.entries(run.nodes).map(([id, n]) => [
          id,
          { status: n.status, output: comparable(n.output) },
        ]),
      ),
    });
    expect(normalize(exported)).toEqual(normalize(weft));
    return weft;
  }

  const http = (id: string, url: string, extra = {}) =>
    node(id, { block: "http.request", config: { method: "GET", url }, ...extra });
  const named = (name: string, doc: Partial<FlowDocument>) =>
    flowDocument({ name, parameters: [], ...doc });

  it("a chain: HTTP with a parameter → JavaScript → JSONata", async () => {
    const weft = await expectSameRuns(
      named("Chain", {
        parameters: [
          { name: "day", type: "string", required: true, description: "" },
          { name: "factor", type: "number", default: 2, required: false, description: "" },
        ],
        nodes: [
          http("fetch", `${engine.apiUrl}/items?day={{ params.day }}`),
          code("double", "return input.body.items.map((item) => item.price * params.factor);"),
          node("total", {
            config: { expression: "{ 'sum': $sum(input), 'day': nodes.fetch.output.body.day }" },
          }),
        ],
        edges: [edge("fetch", "double"), edge("double", "total")],
      }),
      { day: "2026-12-02" },
    );
    expect(weft.nodes.total!.output).toEqual({ sum: 46, day: "2026-12-02" });
  });

  it("TypeScript code nodes that import the standard library", async () => {
    const source = `import { groupBy } from "lodash-es";
import { format } from "date-fns";
import { TZDate } from "@date-fns/tz";
import Papa from "papaparse";
import { hash, hmac } from "@weft/crypto";
import { z } from "zod";
import * as xml from "fast-xml-parser";
import type { ZodType } from "zod";
interface Row { team: string; n: number }
const rows = Papa.parse<Row>("team,n\\na,1\\nb,2\\na,3", { header: true, dynamicTyping: true }).data;
const teams: Record<string, number> = {};
for (const [team, list] of Object.entries(groupBy(rows, "team"))) teams[team] = list.reduce((a, r) => a + r.n, 0);
const schema: ZodType = z.object({ n: z.number() });
return {
  teams,
  day: format(new TZDate(Date.UTC(2026, 0, 15, 12), "Asia/Tokyo"), "yyyy-MM-dd HH:mm"),
  hash: hash("sha256", "weft"),
  mac: hmac("sha256", "key", "weft", "base64"),
  valid: schema.safeParse(rows[0]).success,
  xml: new xml.XMLParser().parse("<a>1</a>"),
};`;
    const weft = await expectSameRuns(
      named("Libraries", {
        nodes: [code("stats", source, { config: { code: source, language: "typescript" } })],
        edges: [],
      }),
      {},
    );
    expect(weft.nodes.stats!.output).toMatchObject({
      teams: { a: 4, b: 2 },
      day: "2026-01-15 21:00",
      valid: true,
      xml: { a: 1 },
    });
    expect(
      exportTypeScript(named("Libraries", { nodes: [code("stats", source)], edges: [] })).source,
    ).toMatch(
      /Needs: npm install inngest jsonata zod @date-fns\/tz date-fns fast-xml-parser lodash-es papaparse\./,
    );
  });

  it("a condition with both branches and a join", async () => {
    const condition = (id: string, expression: string) =>
      node(id, { block: "logic.condition", config: { expression } });
    const weft = await expectSameRuns(
      named("Branch and join", {
        parameters: [{ name: "limit", type: "number", required: true, description: "" }],
        nodes: [
          code("start", "return [3, 9, 27];"),
          condition("big", "{{ $sum(nodes.start.output) }} > {{ params.limit }}"),
          code("yes", "return 'big: ' + nodes.start.output.length;"),
          code("no", "return 'small';"),
          code("join", "return { input, yes: nodes.yes.output, no: nodes.no.output };"),
        ],
        edges: [
          edge("start", "big"),
          edge("big", "yes", "true"),
          edge("big", "no", "false"),
          edge("yes", "join"),
          edge("no", "join"),
        ],
      }),
      { limit: 10 },
    );
    expect(weft.nodes.no!.status).toBe("skipped");
    expect(weft.nodes.join!.output).toEqual({ input: "big: 3", yes: "big: 3", no: null });
  });

  it("retries: a flaky API that answers on the third attempt", async () => {
    const weft = await expectSameRuns(
      named("Retries", {
        nodes: [
          http("call", `${engine.apiUrl}/flaky`, { retries: 2, retryDelaySeconds: 1 }),
          code("after", "return input.body.ok;"),
        ],
        edges: [edge("call", "after")],
      }),
      {},
    );
    expect(weft.nodes.after!.output).toBe(true);
  });

  it("an error route: a 404 handled by the node on the error handle", async () => {
    const weft = await expectSameRuns(
      named("Error route", {
        nodes: [
          http("missing", `${engine.apiUrl}/nothing-here`),
          code("handle", "return 'handled: ' + nodes.missing.error.message;"),
          code("next", "return 'never';"),
        ],
        edges: [edge("missing", "handle", "error"), edge("missing", "next")],
      }),
      {},
    );
    expect(weft.status).toBe("completed");
    expect(weft.nodes.handle!.output).toMatch(/^handled: HTTP 404 from GET/);
  });

  it("a parallel fan-out of delays and webhooks joined at the end", async () => {
    const until = new Date(Date.now() + 5_000).toISOString();
    const branches = ["a", "b", "c", "d"];
    const weft = await expectSameRuns(
      named("Fan-out", {
        parameters: [{ name: "until", type: "string", required: true, description: "" }],
        nodes: [
          code("root", "return 5;"),
          ...branches.map((id) =>
            node(id, { block: "flow.delay", config: { until: "{{ params.until }}" } }),
          ),
          ...branches.map((id) =>
            node(`post-${id}`, {
              block: "notify.webhook",
              config: {
                url: `${engine.apiUrl}/echo`,
                body: { branch: id, n: "{{ nodes.root.output }}" },
              },
            }),
          ),
          node("join", {
            config: { expression: "[nodes.`post-a`.output.body, nodes.`post-d`.output.body]" },
          }),
        ],
        edges: [
          ...branches.map((id) => edge("root", id)),
          ...branches.map((id) => edge(id, `post-${id}`)),
          ...branches.map((id) => edge(`post-${id}`, "join")),
        ],
      }),
      { until },
    );
    expect(weft.nodes.a!.output).toEqual({ waitedUntil: until });
    expect(weft.nodes.join!.output).toEqual([
      { branch: "a", n: 5 },
      { branch: "d", n: 5 },
    ]);
  });

  it("an approval waits for its decision event, and the approved route runs", async () => {
    const { client, functionId } = await startExported(
      named("Approve", {
        nodes: [
          code("start", "return 1;"),
          node("ok", {
            block: "flow.approval",
            config: { message: "Ship it?", timeoutSeconds: 3600, onTimeout: "reject" },
          }),
          code("yes", "return 'approved by ' + nodes.ok.output.by;"),
          code("no", "return 'rejected';"),
        ],
        edges: [edge("start", "ok"), edge("ok", "yes", "true"), edge("ok", "no", "false")],
      }),
      {},
    );
    const waiting = await eventually(async () => {
      const { rows } = await engine.harness.db.query<{ id: string }>(
        `SELECT r.id FROM inngest_run r WHERE r.function_id = $1 AND EXISTS
           (SELECT 1 FROM inngest_wait w WHERE w.run_id = r.id)`,
        [functionId],
      );
      return rows[0]?.id;
    });
    // A decision for another node of the run is not this one's.
    const decision = { approved: true, by: "Ann", at: "2026-12-02T10:00:00.000Z", comment: "fine" };
    await client.send({
      name: "flows/approve.approval",
      data: { runId: waiting, nodeId: "other", ...decision },
    });
    await client.send({
      name: "flows/approve.approval",
      data: { runId: waiting, nodeId: "ok", ...decision },
    });
    const result = await exportedResult(functionId, { fastForward: false });
    expect(result.status).toBe("completed");
    expect(result.nodes.ok).toEqual({
      status: "completed",
      output: { ...decision, timedOut: false },
    });
    expect(result.nodes.yes!.output).toBe("approved by Ann");
    expect(result.nodes.no!.status).toBe("skipped");
  });

  it("a failing node fails both runs the same way, and its successors are skipped", async () => {
    const weft = await expectSameRuns(
      named("Failure", {
        nodes: [code("boom", "throw new TypeError('no such item');"), code("after", "return 1;")],
        edges: [edge("boom", "after")],
      }),
      {},
    );
    expect(weft.status).toBe("failed");
    expect(weft.nodes.after!.status).toBe("skipped");
  });
});

describe("the exported module", () => {
  const everyBlock = flowDocument({
    name: "Every block",
    parameters: [{ name: "day", type: "string", required: true, description: "the day" }],
    nodes: [
      node("fetch", {
        block: "http.request",
        config: { url: "https://example.com/{{ params.day }}", bearerSecret: "API_TOKEN" },
      }),
      code("parse", "return input.body.items.map((item) => item.price);"),
      node("check", {
        block: "logic.condition",
        config: { expression: "{{ $count(input) }} > 1" },
      }),
      node("wait", { block: "flow.delay", config: { seconds: 5 } }),
      node("ok", { block: "flow.approval", config: { message: "OK?", onTimeout: "reject" } }),
      node("slack", { block: "notify.slack", config: { webhookSecret: "SLACK_URL", text: "hi" } }),
      node("load", {
        block: "sql.query",
        config: { connectionSecret: "DB_URL", query: "select 1" },
      }),
      node("mail", {
        block: "notify.email",
        config: { smtpSecret: "SMTP", from: "a@b.c", to: "d@e.f", subject: "s" },
      }),
    ],
    edges: [
      edge("fetch", "parse"),
      edge("parse", "check"),
      edge("check", "wait", "true"),
      edge("wait", "ok"),
      edge("ok", "slack", "true"),
      edge("check", "load", "false"),
      edge("fetch", "mail", "error"),
    ],
  });

  it("type-checks under strict TypeScript, lists its stubs and reads secrets from the environment", () => {
    const exported = exportTypeScript(everyBlock, { flowId: "f1", version: 2, date: "2026-12-02" });
    expect(exported.stubs.map((stub) => stub.id)).toEqual(["mail", "load"]);
    expect(exported.secrets).toEqual(["API_TOKEN", "SLACK_URL"]);
    expect(exported.source).toContain('"SLACK_URL": process.env["SLACK_URL"]');
    expect(exported.source).toMatch(/TODO\(weft export\): "load" \(node load, sql\.query\)/);
    const file = path.join(outDir, "every-block.ts");
    writeFileSync(file, exported.source);
    const program = ts.createProgram([file], {
      strict: true,
      noImplicitAny: false,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: ["node"],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 60_000);
});
