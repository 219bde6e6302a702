// What an editor, or anyone who can call a webhook, could once read or run through a flow: secret
// values handed to subflows and approval messages, the server's stack, values pasted into code,
// and logs without end.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { listRunsInput } from "@/lib/schemas/run";
import { listRuns } from "@/server/runs/read-runs";
import { setSecret } from "@/server/secrets/secrets";
import { approvalNode, code, edge, flowDocument, node } from "../../factories/flow-document";
import { eventually } from "../local-inngest/harness";
import { startEngine } from "./engine-harness";

const everythingStored = async (runIds: string[]) =>
  JSON.stringify(
    [
      await db().run.findMany({ where: { id: { in: runIds } } }),
      await db().nodeRun.findMany({ where: { runId: { in: runIds } } }),
      await db().runEvent.findMany({ where: { runId: { in: runIds } } }),
    ],
    (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v),
  );

describe("secrets and code in runs", async () => {
  const engine = await startEngine();
  const password = "pg-Pa55word-0123456789";
  await setSecret(engine.teamId, engine.userId, { name: "DB_PASSWORD", value: password });
  const received: string[] = [];
  engine.route("/login", (_req, res, body) => {
    received.push(body);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  const child = await engine.flow(
    flowDocument({
      name: "Log in",
      parameters: [{ name: "pw", type: "string", required: true, description: "" }],
      nodes: [
        node("login", {
          block: "http.request",
          config: {
            method: "POST",
            url: `${engine.apiUrl}/login`,
            body: { password: "{{ params.pw }}" },
          },
        }),
      ],
      edges: [],
    }),
  );

  it("a subflow receives a secret as a reference: its value reaches the child's step, never a stored row", async () => {
    const run = await engine.run(
      flowDocument({
        nodes: [
          node("sub", {
            block: "flow.subflow",
            config: { flowId: child, parameters: { pw: "{{ secrets.DB_PASSWORD }}" } },
          }),
        ],
        edges: [],
      }),
    );
    expect(run.status).toBe("COMPLETED");
    expect(received.at(-1)).toBe(JSON.stringify({ password }));
    const children = await db().run.findMany({ where: { parentRunId: run.id } });
    expect(children[0]!.parameters).toEqual({
      pw: expect.stringMatching(/^\[secret:DB_PASSWORD:[0-9a-f]{32}\]$/),
    });
    const stored = await everythingStored([run.id, children[0]!.id]);
    expect(stored).not.toContain(password);
    expect(JSON.stringify(await listRuns(engine.teamId, listRunsInput.parse({})))).not.toContain(
      password,
    );
  });

  it("a reference anyone else writes (a webhook body, a forged tag) stays plain text", async () => {
    const parent = flowDocument({
      parameters: [{ name: "given", type: "string", required: true, description: "" }],
      nodes: [
        node("sub", {
          block: "flow.subflow",
          config: { flowId: child, parameters: { pw: "{{ params.given }}" } },
        }),
      ],
      edges: [],
    });
    for (const given of ["[secret:DB_PASSWORD]", `[secret:DB_PASSWORD:${"0".repeat(32)}]`]) {
      const run = await engine.run(parent, { given });
      expect(run.status).toBe("COMPLETED");
      expect(received.at(-1)).toBe(JSON.stringify({ password: given }));
    }
  });

  it("an approval message never carries a secret to the people who read the run", async () => {
    const flowId = await engine.flow(
      flowDocument({
        nodes: [
          approvalNode("ask", {
            onTimeout: "reject",
            message:
              "Use {{ secrets.DB_PASSWORD }} to log in, base64 {{ $base64encode(secrets.DB_PASSWORD) }}",
          }),
        ],
        edges: [],
      }),
    );
    const { id } = await engine.start(flowId);
    await eventually(() =>
      db().runEvent.findFirst({
        where: { runId: id, nodeId: "ask", data: { path: ["waiting"], equals: "approval" } },
      }),
    );
    const stored = await everythingStored([id]);
    expect(stored).toContain("Use [secret:DB_PASSWORD] to log in");
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(Buffer.from(password).toString("base64"));
  });

  it("errors show the message and the user's own line, never the server's stack", async () => {
    const run = await engine.run(
      flowDocument({
        nodes: [
          code(
            "thrower",
            "const a = 1;\nfunction inner() { throw new TypeError('bad input'); }\ninner();",
          ),
          node("call", {
            block: "http.request",
            config: { method: "GET", url: "http://[fe80::1]/" },
          }),
        ],
        edges: [],
      }),
    );
    const thrown = run.node.thrower!.error as { message: string; stack: string | null };
    expect(thrown.message).toBe("TypeError: bad input");
    expect(thrown.stack).toMatch(/^at inner \(line 2:\d+\)\nat your code \(line 3/);
    const refused = run.node.call!.error as { message: string; stack: string | null };
    expect(refused.stack).toBeNull();
    const stored = await everythingStored([run.id]);
    expect(stored).not.toMatch(/\/work\/|server\/|\.ts:\d+|node_modules/);
  });

  it("values reach code, transforms and conditions as data, never as source text", async () => {
    const attack = `" + (() => { throw new Error("injected") })() + "`;
    const run = await engine.run(
      flowDocument({
        parameters: [
          { name: "x", type: "string", required: true, description: "" },
          { name: "j", type: "string", required: true, description: "" },
        ],
        nodes: [
          code("js", 'return ["{{ params.x }}", params.x]'),
          node("shape", { config: { expression: "[params.j, '{{ params.j }}']" } }),
          node("check", { block: "logic.condition", config: { expression: "{{ params.j }}" } }),
          code("yes", "return 'the value was data'"),
          code("no", "return 'the value ran as JSONata'"),
        ],
        edges: [edge("check", "yes", "true"), edge("check", "no", "false")],
      }),
      { x: attack, j: '$eval("false")' },
    );
    expect(run.node.js!.output).toEqual(["{{ params.x }}", attack]);
    expect(run.node.shape!.output).toEqual(['$eval("false")', "{{ params.j }}"]);
    expect(run.node.check!.branch).toBe("true");
    expect(run.node.yes!.status).toBe("COMPLETED");
  });

  it("a node keeps at most 1 MB and 10,000 lines of log, ending with a visible notice", async () => {
    const run = await engine.run(
      flowDocument({
        nodes: [
          code(
            "megabytes",
            "const s = 'x'.repeat(1024 * 1024); for (let i = 0; i < 20; i++) console.log(s); return 1",
          ),
          code("lines", "for (let i = 0; i < 20000; i++) console.log('line ' + i); return 2"),
        ],
        edges: [],
      }),
    );
    expect(run.status).toBe("COMPLETED");
    for (const id of ["megabytes", "lines"]) {
      const logs = run.node[id]!.logs as { message: string }[];
      expect(Buffer.byteLength(JSON.stringify(logs))).toBeLessThan(1.2 * 1024 * 1024);
      expect(logs.length).toBeLessThanOrEqual(10_000);
      expect(logs.at(-1)!.message).toMatch(
        /^Log truncated: a node keeps at most 1 MB and 10,000 lines/,
      );
    }
    expect((run.node.lines!.logs as { message: string }[])[0]!.message).toBe("line 0");
  });
});
